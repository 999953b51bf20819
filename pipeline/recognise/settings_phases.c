#include "recognise/settings_phases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/norm.h"
#include "text/vocab.h"

#include "banned.h"

#define MAX_NAME_CHARS 20

char *hz_phase_name_norm(const char *s, size_t len)
{
	utf8proc_uint8_t *nf = NULL;
	const utf8proc_uint8_t *p, *end, *first = NULL, *last_end = NULL;
	char *out;
	utf8proc_ssize_t n;

	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nf,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	if (n < 0) {
		/* invalid UTF-8: kept as written, it matches no well-formed key */
		out = malloc(len + 1);
		if (out) {
			memcpy(out, s, len);
			out[len] = '\0';
		}
		return out;
	}
	p = nf;
	end = nf + n;
	while (p < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k <= 0)
			break;
		if (!norm_is_space((uint32_t)cp)) {
			if (!first)
				first = p;
			last_end = p + k;
		}
		p += k;
	}
	if (!first)
		first = last_end = nf;
	out = malloc((size_t)(last_end - first) + 1);
	if (out) {
		memcpy(out, first, (size_t)(last_end - first));
		out[last_end - first] = '\0';
	}
	free(nf);
	return out;
}

static size_t count_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

hz_code hz_phases_setting_add(hz_settings *s, const char *name, const char *value, hz_error *err)
{
	char *key = hz_phase_name_norm(name, strlen(name));
	hz_phase_def *grown;
	int y, m, d;
	size_t chars;

	if (!key)
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	chars = count_chars(key);
	if (chars == 0 || chars > MAX_NAME_CHARS) {
		free(key);
		return hz_error_set(err, HZ_E_CONFIG, "a phase name has 1 to %d characters (阶段名称应为1至%d个字)",
				    MAX_NAME_CHARS, MAX_NAME_CHARS);
	}
	if (strchr(key, '/') || strchr(key, '\\') || key[0] == '.') {
		hz_error_set(err, HZ_E_CONFIG,
			     "'%s' names no folder: no '/' or '\\' in it and no '.' at its start (阶段名称即文件夹名)", key);
		free(key);
		return HZ_E_CONFIG;
	}
	if (!strcmp(key, "自查自评") || !strcmp(key, "整改")) {
		hz_error_set(err, HZ_E_CONFIG, "'%s' is a built-in phase of the report; choose another name (内置阶段名称)",
			     key);
		free(key);
		return HZ_E_CONFIG;
	}
	for (size_t i = 0; i < s->nphases; i++)
		if (!strcmp(s->phases[i].name, key)) {
			hz_error_set(err, HZ_E_CONFIG, "the phase '%s' is given twice (阶段重复)", key);
			free(key);
			return HZ_E_CONFIG;
		}
	if (s->nphases >= HZ_MAX_PHASES) {
		free(key);
		return hz_error_set(err, HZ_E_CONFIG, "more than %d phases (阶段不超过%d个)", HZ_MAX_PHASES, HZ_MAX_PHASES);
	}
	/* "one date written as as_of is, nothing else" */
	if (!value[0] || !hz_parse_date(value, &y, &m, &d)) {
		hz_error_set(err, HZ_E_CONFIG, "'%s' is not a date (2022-08-20 or 2022年8月20日)", value);
		free(key);
		return HZ_E_CONFIG;
	}
	grown = realloc(s->phases, (s->nphases + 1) * sizeof(*grown));
	if (!grown) {
		free(key);
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	}
	s->phases = grown;
	grown[s->nphases].name = key;
	snprintf(grown[s->nphases].deadline, sizeof(grown[s->nphases].deadline), "%04d-%02d-%02d", y, m, d);
	s->nphases++;
	return HZ_OK;
}

int hz_phase_of_folder(const hz_settings *s, const char *folder, size_t len)
{
	char *key;
	int found = -1;
	if (!s->nphases)
		return -1;
	key = hz_phase_name_norm(folder, len);
	if (!key)
		return -1;
	for (size_t i = 0; i < s->nphases && found < 0; i++)
		if (!strcmp(s->phases[i].name, key))
			found = (int)i;
	free(key);
	return found;
}
