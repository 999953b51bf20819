/*
 * WordprocessingML names and attribute values for the .docx reader
 * (docx_wml.h).  Kept apart from the walk: what an element is does not
 * depend on where the walk stands.
 */
#include "read/docx_wml.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define URI_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define URI_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define URI_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"

static const struct {
	const char *name;
	enum el el;
} w_names[] = {
	{"p", EL_P}, {"r", EL_R}, {"t", EL_T}, {"tab", EL_TAB}, {"br", EL_BR}, {"cr", EL_CR},
	{"tbl", EL_TBL}, {"tr", EL_TR}, {"tc", EL_TC}, {"tcPr", EL_TCPR}, {"gridSpan", EL_GRIDSPAN},
	{"vMerge", EL_VMERGE}, {"ruby", EL_RUBY}, {"rubyBase", EL_RUBYBASE}, {"del", EL_DEL},
	{"moveFrom", EL_MOVEFROM}, {"txbxContent", EL_TXBX}, {"pPr", EL_PPR}, {"rPr", EL_RPR},
	{"instrText", EL_INSTRTEXT}, {"delText", EL_DELTEXT}, {"sdt", EL_SDT}, {"sdtPr", EL_SDTPR},
	{"sdtContent", EL_SDTCONTENT}, {"showingPlcHdr", EL_SHOWINGPLCHDR}, {"customXml", EL_CUSTOMXML},
	{"ins", EL_INS}, {"moveTo", EL_MOVETO}, {"smartTag", EL_SMARTTAG}, {"fldChar", EL_FLDCHAR},
	{"checkBox", EL_CHECKBOX}, {"default", EL_DEFAULT}, {"checked", EL_CHECKED},
	{"body", EL_BODY}, {"sym", EL_SYM},
};

#define W_NAMES (sizeof(w_names) / sizeof(w_names[0]))
static unsigned char w_order[W_NAMES]; /* indexes of w_names, by first letter */
static unsigned char w_first[256];     /* where each first letter begins in w_order (W_NAMES: none) */
static pthread_once_t w_once = PTHREAD_ONCE_INIT;

static void w_index(void)
{
	size_t k = 0;
	memset(w_first, (int)W_NAMES, sizeof(w_first));
	for (int c = 1; c < 256; c++)
		for (size_t i = 0; i < W_NAMES; i++)
			if ((unsigned char)w_names[i].name[0] == c) {
				if (w_first[c] == W_NAMES)
					w_first[c] = (unsigned char)k;
				w_order[k++] = (unsigned char)i;
			}
}

int docx_wml_is_ns(const xmlChar *uri)
{
	return uri && (!strcmp((const char *)uri, URI_W) || !strcmp((const char *)uri, URI_W_STRICT));
}

/*
 * The element's kind.  Most elements of a body (rFonts, sz, spacing …) are
 * none of w_names, and trying all 35 with strcmp was a tenth of a phase
 * document's reading: names are tried by first letter only.  libxml2 gives
 * a namespace name as the same dictionary string for the whole parse, so
 * the WordprocessingML one is compared in full once (*wml_uri remembers it).
 */
enum el docx_wml_classify(const xmlChar *localname, const xmlChar *uri, const xmlChar **wml_uri)
{
	const char *u = (const char *)uri, *n = (const char *)localname;
	size_t i;
	if (!u)
		return EL_OTHER;
	if (uri == *wml_uri || docx_wml_is_ns(uri)) {
		*wml_uri = uri;
		pthread_once(&w_once, w_index);
		for (i = w_first[(unsigned char)n[0]]; i < W_NAMES && w_names[w_order[i]].name[0] == n[0]; i++)
			if (!strcmp(n, w_names[w_order[i]].name))
				return w_names[w_order[i]].el;
		return EL_OTHER;
	}
	if (!strcmp(u, URI_MC) && !strcmp(n, "Fallback"))
		return EL_FALLBACK;
	return EL_OTHER;
}

/* The w:val attribute (Word's attributes are w:-qualified; unqualified
 * ones are tolerated).  Returns its length and sets *val, or -1. */
long docx_wml_attr_val(int nb_attributes, const xmlChar **attrs, const char *name, const char **val)
{
	int i;
	for (i = 0; i < nb_attributes; i++) {
		const xmlChar **a = attrs + 5 * i;
		const char *uri = (const char *)a[2];
		if (strcmp((const char *)a[0], name) != 0)
			continue;
		if (uri && strcmp(uri, URI_W) != 0 && strcmp(uri, URI_W_STRICT) != 0)
			continue;
		*val = (const char *)a[3];
		return (long)(a[4] - a[3]);
	}
	return -1;
}

int docx_wml_val_is(const char *v, long n, const char *s)
{
	return n >= 0 && (size_t)n == strlen(s) && memcmp(v, s, (size_t)n) == 0;
}

/* ST_OnOff: an absent w:val means on. */
int docx_wml_onoff(int nb_attributes, const xmlChar **attrs)
{
	const char *v = NULL;
	long n = docx_wml_attr_val(nb_attributes, attrs, "val", &v);
	if (n < 0)
		return 1;
	return !(docx_wml_val_is(v, n, "0") || docx_wml_val_is(v, n, "false") || docx_wml_val_is(v, n, "off"));
}

/*
 * A w:sym from the Wingdings fonts that Word's Insert Symbol dialog offers
 * for check boxes: the glyph it shows, or NULL.  The oracle reads w:sym as
 * nothing; a form's status cell needs the box it shows.
 */
const char *docx_wml_sym_glyph(int nb_attributes, const xmlChar **attrs)
{
	static const struct {
		int wingdings2;
		unsigned code;
		const char *glyph;
	} map[] = {
		{1, 0x52, "\xe2\x98\x91"}, /* R: ☑ */
		{1, 0x53, "\xe2\x98\x92"}, /* S: ☒ */
		{1, 0x54, "\xe2\x98\x92"}, /* T: ☒ */
		{1, 0xA3, "\xe2\x98\x90"}, /* £: ☐ */
		{1, 0x50, "\xe2\x9c\x93"}, /* P: ✓ */
		{1, 0x4F, "\xe2\x9c\x97"}, /* O: ✗ */
		{0, 0xFE, "\xe2\x98\x91"}, /* þ: ☑ */
		{0, 0xFD, "\xe2\x98\x92"}, /* ý: ☒ */
		{0, 0xA8, "\xe2\x98\x90"}, /* ¨: ☐ */
		{0, 0xFC, "\xe2\x9c\x93"}, /* ü: ✓ */
		{0, 0xFB, "\xe2\x9c\x97"}, /* û: ✗ */
	};
	const char *font = NULL, *chr = NULL;
	long nf = docx_wml_attr_val(nb_attributes, attrs, "font", &font);
	long nc = docx_wml_attr_val(nb_attributes, attrs, "char", &chr);
	char hex[8], *end;
	unsigned long code;
	int wd2;
	size_t i;
	if (nf < 9 || nc <= 0 || nc > 6 || memcmp(font, "Wingdings", 9) != 0)
		return NULL;
	wd2 = docx_wml_val_is(font, nf, "Wingdings 2");
	if (!wd2 && nf != 9)
		return NULL;
	memcpy(hex, chr, (size_t)nc);
	hex[nc] = '\0';
	code = strtoul(hex, &end, 16);
	if (*end != '\0')
		return NULL;
	if (code >= 0xF000 && code <= 0xF0FF)
		code -= 0xF000; /* symbol fonts' private-use range */
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].wingdings2 == wd2 && map[i].code == code)
			return map[i].glyph;
	return NULL;
}
