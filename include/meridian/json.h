/* SPDX-License-Identifier: MIT */
/*
 * A streaming JSON writer for the shell's --json output: one object per
 * command, written as it is built, so a command needs no buffer for its
 * whole report.  The writer inserts the commas and escapes strings
 * (RFC 8259); callers only say what comes next.
 *
 *	struct json_writer w;
 *
 *	json_console(&w);
 *	json_object_open(&w, NULL);
 *	json_uint(&w, "MemTotal", total_kb);
 *	json_array_open(&w, "zones");
 *	...
 *	json_array_close(&w);
 *	json_object_close(&w);
 *	return json_finish(&w);		// newline; -EINVAL if misused
 *
 * key is the member name inside an object and must be NULL inside an
 * array or at the top level.  Misuse (a key in an array, a close that
 * does not match, nesting deeper than JSON_MAX_DEPTH) is remembered and
 * reported by json_finish(); the output is then not valid JSON.
 * Bytes outside printable ASCII are written as \u00XX escapes, so the
 * output is valid JSON for any input string.
 * Out of scope: parsing, floating point.
 */
#ifndef MERIDIAN_JSON_H
#define MERIDIAN_JSON_H

#include <meridian/types.h>

#define JSON_MAX_DEPTH 16

struct json_writer {
	void (*write)(const char *buf, size_t len, void *ctx);
	void *ctx;
	u32 in_array;		/* bit d: the container at depth d is an array */
	u32 has_members;	/* bit d: something was written at depth d */
	unsigned int depth;	/* open containers */
	bool top_written;
	bool error;
};

void json_init(struct json_writer *w, void (*write)(const char *buf, size_t len, void *ctx),
	       void *ctx);
/* A writer to the console (console_write). */
void json_console(struct json_writer *w);

/*
 * The shape most commands print, {"key": [ ... ]} on the console:
 * json_console_list() opens it, the caller adds the array's elements,
 * json_list_finish() closes it and finishes (json_finish's result).
 */
void json_console_list(struct json_writer *w, const char *key);
int json_list_finish(struct json_writer *w);

void json_object_open(struct json_writer *w, const char *key);
void json_object_close(struct json_writer *w);
void json_array_open(struct json_writer *w, const char *key);
void json_array_close(struct json_writer *w);

void json_string(struct json_writer *w, const char *key, const char *s);
/* A string of at most len bytes (stops early at a NUL). */
void json_string_n(struct json_writer *w, const char *key, const char *s, size_t len);
void json_uint(struct json_writer *w, const char *key, u64 v);
void json_int(struct json_writer *w, const char *key, s64 v);
void json_bool(struct json_writer *w, const char *key, bool v);
void json_null(struct json_writer *w, const char *key);

/* Ends the document with a newline.  0, or -EINVAL after misuse or unclosed containers. */
int json_finish(struct json_writer *w);

#endif /* MERIDIAN_JSON_H */
