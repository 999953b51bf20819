#include "hzerr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

static const struct {
	const char *en;
	const char *zh;
} messages[HZ_E__COUNT] = {
	[HZ_OK] = {"no error", "无错误"},
	[HZ_E_NOMEM] = {"out of memory", "内存不足"},
	[HZ_E_IO] = {"cannot open or read the file", "无法打开或读取文件"},
	[HZ_E_TOO_BIG] = {"file larger than 50 MiB", "文件超过 50 MiB"},
	[HZ_E_EMPTY] = {"empty file (0 bytes)", "文件为空（0 字节）"},
	[HZ_E_NOT_ZIP] = {"not an .xlsx/.docx file (not a zip package)", "不是有效的 .xlsx/.docx 文件（非 zip 格式）"},
	[HZ_E_OLE] = {"encrypted or legacy OLE file (.doc/.xls); save it as .docx/.xlsx without a password",
		      "文件已加密或为旧版 .doc/.xls 格式，请另存为无密码的 .docx/.xlsx"},
	[HZ_E_LEGACY] = {"not an .xlsx/.docx file; save it as .docx/.xlsx", "不是 .xlsx/.docx 文件，请另存为 .docx/.xlsx"},
	[HZ_E_LOCKFILE] = {"an Office lock file (~$), not a document", "Office 临时锁定文件（~$），不是文档"},
	[HZ_E_ZIP_CORRUPT] = {"damaged or truncated file", "文件已损坏或不完整"},
	[HZ_E_ZIP_ENCRYPTED] = {"password-protected zip", "文件设有密码"},
	[HZ_E_NO_PART] = {"main part missing (not a complete .xlsx/.docx)", "缺少主体部分（不是完整的 .xlsx/.docx）"},
	[HZ_E_LIMIT] = {"file exceeds a safety limit (possible zip or XML bomb)", "文件超出安全限制（可能是压缩炸弹或 XML 炸弹）"},
	[HZ_E_XML] = {"malformed XML inside the file", "文件内部 XML 格式错误"},
	[HZ_E_ENTITY] = {"XML entity declarations are not allowed", "文件含有不允许的 XML 实体声明"},
	[HZ_E_FORMAT] = {"unexpected file structure", "文件结构不符合格式要求"},
	[HZ_E_NO_TABLE] = {"no recognisable form table", "未找到可识别的填报表格"},
	[HZ_E_CONFIG] = {"bad campaign settings", "创建活动设置有误"},
	[HZ_E_TEMPLATE] = {"bad template", "模板有误"},
	[HZ_E_WRITE] = {"cannot write output", "无法写入输出文件"},
	[HZ_E_USAGE] = {"wrong command line", "命令行有误"},
	[HZ_E_INTERNAL] = {"internal error", "内部错误"},
	[HZ_E_BUSY] = {"another run is using the output folder", "另一次运行正在使用该输出文件夹"},
};

const char *hz_strerror(hz_code code)
{
	if ((unsigned)code >= HZ_E__COUNT || !messages[code].en)
		return "unknown error";
	return messages[code].en;
}

const char *hz_strerror_zh(hz_code code)
{
	if ((unsigned)code >= HZ_E__COUNT || !messages[code].zh)
		return "未知错误";
	return messages[code].zh;
}

void hz_error_clear(hz_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

hz_code hz_error_set(hz_error *err, hz_code code, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
		va_end(ap);
	} else {
		err->detail[0] = '\0';
	}
	return code;
}

void hz_error_file(hz_error *err, const char *file)
{
	if (err && file)
		snprintf(err->file, sizeof(err->file), "%s", file);
}

void hz_error_part(hz_error *err, const char *part)
{
	if (err && part)
		snprintf(err->part, sizeof(err->part), "%s", part);
}

void hz_error_where(hz_error *err, const char *fmt, ...)
{
	va_list ap;
	if (!err || !fmt)
		return;
	va_start(ap, fmt);
	vsnprintf(err->where, sizeof(err->where), fmt, ap);
	va_end(ap);
}

/* "(part, where: detail)" — only the pieces that are set. */
static void context(const hz_error *err, char *out, size_t n)
{
	int has_part = err->part[0] != '\0', has_where = err->where[0] != '\0';
	int has_detail = err->detail[0] != '\0';
	if (!has_part && !has_where && !has_detail) {
		out[0] = '\0';
		return;
	}
	snprintf(out, n, " (%s%s%s%s%s)", err->part, has_part && has_where ? ", " : "", err->where,
		 (has_part || has_where) && has_detail ? ": " : "", err->detail);
}

char *hz_error_reason(const hz_error *err, char *out, size_t n)
{
	char ctx[1024];
	context(err, ctx, sizeof(ctx));
	snprintf(out, n, "%s / %s%s", hz_strerror_zh(err->code), hz_strerror(err->code), ctx);
	return out;
}

char *hz_error_line(const hz_error *err, char *out, size_t n)
{
	char ctx[1024];
	const char *file = err->file[0] ? err->file : "-";
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	context(err, ctx, sizeof(ctx));
	snprintf(out, n, "无法读取 %s：%s / cannot read '%s': %s%s", base, hz_strerror_zh(err->code), file,
		 hz_strerror(err->code), ctx);
	return out;
}
