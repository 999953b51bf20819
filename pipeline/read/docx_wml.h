/*
 * The WordprocessingML the .docx reader knows: which element a (namespace,
 * local name) is, Transitional or Strict, and the few attribute values it
 * reads (w:val, ST_OnOff, a check box drawn with a Wingdings w:sym).  Pure
 * lookups, no reader state: docx_reader.c walks the body with them.
 */
#ifndef HZ_DOCX_WML_H
#define HZ_DOCX_WML_H

#include <libxml/parser.h>

enum el {
	EL_OTHER,
	EL_FALLBACK, /* mc:Fallback */
	EL_BODY, EL_P, EL_R, EL_T, EL_TAB, EL_BR, EL_CR, EL_TBL, EL_TR, EL_TC, EL_TCPR,
	EL_GRIDSPAN, EL_VMERGE, EL_RUBY, EL_RUBYBASE, EL_DEL, EL_MOVEFROM, EL_TXBX, EL_PPR, EL_RPR,
	EL_INSTRTEXT, EL_DELTEXT, EL_SDT, EL_SDTPR, EL_SDTCONTENT, EL_SHOWINGPLCHDR, EL_CUSTOMXML,
	EL_INS, EL_MOVETO, EL_SMARTTAG, EL_FLDCHAR, EL_CHECKBOX, EL_DEFAULT, EL_CHECKED, EL_SYM
};

/* The element's kind; *wml_uri remembers the parse's WordprocessingML
 * namespace string (start it at NULL for each parse). */
enum el docx_wml_classify(const xmlChar *localname, const xmlChar *uri, const xmlChar **wml_uri);
/* Whether uri is WordprocessingML's namespace (Transitional or Strict). */
int docx_wml_is_ns(const xmlChar *uri);
/* The w:-qualified (or unqualified) attribute `name`: its length, *val set;
 * -1 when absent. */
long docx_wml_attr_val(int nb_attributes, const xmlChar **attrs, const char *name, const char **val);
/* Whether the value (v, n) from docx_wml_attr_val is s (n < 0: no). */
int docx_wml_val_is(const char *v, long n, const char *s);
/* ST_OnOff of w:val: an absent w:val means on. */
int docx_wml_onoff(int nb_attributes, const xmlChar **attrs);
/* The check-box glyph (UTF-8) a Wingdings w:sym shows, or NULL. */
const char *docx_wml_sym_glyph(int nb_attributes, const xmlChar **attrs);

#endif
