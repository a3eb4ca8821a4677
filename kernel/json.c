/* SPDX-License-Identifier: MIT */
/* The streaming JSON writer; see meridian/json.h for the contract. */
#include <meridian/errno.h>
#include <meridian/json.h>
#include <meridian/printk.h>

static void put(struct json_writer *w, const char *s, size_t len)
{
	w->write(s, len, w->ctx);
}

static void put_cstr(struct json_writer *w, const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	put(w, s, n);
}

static bool depth_in_array(const struct json_writer *w)
{
	return w->depth && (w->in_array & (1u << (w->depth - 1)));
}

/* Escapes one byte: the six short forms, \u00XX for the rest of 0x00-0x1f and 0x7f-0xff. */
static void put_escaped(struct json_writer *w, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char buf[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
	const char *shortform = NULL;

	switch (c) {
	case '"': shortform = "\\\""; break;
	case '\\': shortform = "\\\\"; break;
	case '\b': shortform = "\\b"; break;
	case '\f': shortform = "\\f"; break;
	case '\n': shortform = "\\n"; break;
	case '\r': shortform = "\\r"; break;
	case '\t': shortform = "\\t"; break;
	}
	if (shortform)
		put(w, shortform, 2);
	else if (c < 0x20 || c >= 0x7f)
		put(w, buf, sizeof(buf));
	else
		put(w, (const char *)&c, 1);
}

static void put_string(struct json_writer *w, const char *s, size_t len)
{
	put(w, "\"", 1);
	for (size_t i = 0; i < len && s[i]; i++)
		put_escaped(w, (unsigned char)s[i]);
	put(w, "\"", 1);
}

/*
 * Everything a value needs before it: the comma after a sibling, and
 * "key": inside an object.  A key where none belongs (or none where one
 * must be) is misuse: remembered, and the value is written anyway.
 */
static void begin_value(struct json_writer *w, const char *key)
{
	bool in_object = w->depth && !depth_in_array(w);

	if (w->depth) {
		u32 bit = 1u << (w->depth - 1);

		if (w->has_members & bit)
			put(w, ",", 1);
		w->has_members |= bit;
	} else {
		if (w->top_written)
			w->error = true;	/* a document has one top-level value */
		w->top_written = true;
	}
	if (in_object != (key != NULL))
		w->error = true;
	if (key) {
		put_string(w, key, (size_t)-1);
		put(w, ":", 1);
	}
}

static void open_container(struct json_writer *w, const char *key, bool array)
{
	begin_value(w, key);
	if (w->depth >= JSON_MAX_DEPTH) {
		w->error = true;
		return;
	}
	put(w, array ? "[" : "{", 1);
	w->depth++;
	if (array)
		w->in_array |= 1u << (w->depth - 1);
	else
		w->in_array &= ~(1u << (w->depth - 1));
	w->has_members &= ~(1u << (w->depth - 1));
}

static void close_container(struct json_writer *w, bool array)
{
	if (!w->depth || depth_in_array(w) != array) {
		w->error = true;
		return;
	}
	w->depth--;
	put(w, array ? "]" : "}", 1);
}

void json_init(struct json_writer *w, void (*write)(const char *buf, size_t len, void *ctx),
	       void *ctx)
{
	*w = (struct json_writer){ .write = write, .ctx = ctx };
}

#ifndef MERIDIAN_HOST
static void console_sink(const char *buf, size_t len, void *ctx)
{
	(void)ctx;
	console_write(buf, len);
}

void json_console(struct json_writer *w)
{
	json_init(w, console_sink, NULL);
}

void json_console_list(struct json_writer *w, const char *key)
{
	json_console(w);
	json_object_open(w, NULL);
	json_array_open(w, key);
}
#endif

int json_list_finish(struct json_writer *w)
{
	json_array_close(w);
	json_object_close(w);
	return json_finish(w);
}

void json_object_open(struct json_writer *w, const char *key)
{
	open_container(w, key, false);
}

void json_object_close(struct json_writer *w)
{
	close_container(w, false);
}

void json_array_open(struct json_writer *w, const char *key)
{
	open_container(w, key, true);
}

void json_array_close(struct json_writer *w)
{
	close_container(w, true);
}

void json_string_n(struct json_writer *w, const char *key, const char *s, size_t len)
{
	begin_value(w, key);
	put_string(w, s, len);
}

void json_string(struct json_writer *w, const char *key, const char *s)
{
	json_string_n(w, key, s, (size_t)-1);
}

/* Decimal digits of v, without sign. */
static void put_u64(struct json_writer *w, u64 v)
{
	char buf[20];
	size_t i = sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(w, buf + i, sizeof(buf) - i);
}

void json_uint(struct json_writer *w, const char *key, u64 v)
{
	begin_value(w, key);
	put_u64(w, v);
}

void json_int(struct json_writer *w, const char *key, s64 v)
{
	begin_value(w, key);
	if (v < 0) {
		put(w, "-", 1);
		put_u64(w, (u64)0 - (u64)v);	/* also right for INT64_MIN */
	} else {
		put_u64(w, (u64)v);
	}
}

void json_bool(struct json_writer *w, const char *key, bool v)
{
	begin_value(w, key);
	put_cstr(w, v ? "true" : "false");
}

void json_null(struct json_writer *w, const char *key)
{
	begin_value(w, key);
	put_cstr(w, "null");
}

int json_finish(struct json_writer *w)
{
	put(w, "\n", 1);
	return w->error || w->depth ? -EINVAL : 0;
}
