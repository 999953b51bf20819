#include "write/ooxml/core.h"

#include <string.h>

#include "write/ooxml/xml.h"

#include "banned.h"

hz_code ooxml_core_xml(const char *title, const char *creator, const char *day, dynbuf *out)
{
	hz_code rc = dynbuf_addstr(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
		"<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
		"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
		"xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
		"<dc:title>");
	if (!title)
		title = "";
	if (!creator)
		creator = "";
	if (!day || !day[0])
		day = "1980-01-01";
	if (rc == HZ_OK)
		rc = ooxml_xml_escape(out, title, strlen(title), NULL);
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "</dc:title><dc:creator>");
	if (rc == HZ_OK)
		rc = ooxml_xml_escape(out, creator, strlen(creator), NULL);
	if (rc == HZ_OK)
		rc = dynbuf_printf(out,
				   "</dc:creator><cp:lastModifiedBy>huizong</cp:lastModifiedBy>"
				   "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%sT00:00:00Z</dcterms:created>"
				   "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%sT00:00:00Z</dcterms:modified>"
				   "</cp:coreProperties>",
				   day, day);
	return rc;
}
