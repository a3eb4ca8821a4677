/* SPDX-License-Identifier: MIT */
/*
 * The shell's JSON writer: commas, nesting, escaping of every byte, and
 * misuse reported by json_finish().  Outputs are compared byte for byte.
 */
#include <stdint.h>

#include <meridian/errno.h>
#include <meridian/json.h>

#include "ktest_host.h"

struct sink {
	char buf[4096];
	size_t len;
};

static void sink_write(const char *s, size_t n, void *ctx)
{
	struct sink *k = ctx;

	CHECK(k->len + n < sizeof(k->buf));
	if (k->len + n >= sizeof(k->buf))
		return;
	memcpy(k->buf + k->len, s, n);
	k->len += n;
	k->buf[k->len] = '\0';
}

static void start(struct json_writer *w, struct sink *k)
{
	k->len = 0;
	k->buf[0] = '\0';
	json_init(w, sink_write, k);
}

static void check_nesting(void)
{
	struct json_writer w;
	struct sink k;

	start(&w, &k);
	json_object_open(&w, NULL);
	json_uint(&w, "a", 0);
	json_uint(&w, "big", UINT64_MAX);
	json_int(&w, "neg", INT64_MIN);
	json_array_open(&w, "list");
	json_bool(&w, NULL, true);
	json_null(&w, NULL);
	json_object_open(&w, NULL);
	json_object_close(&w);
	json_array_open(&w, NULL);
	json_array_close(&w);
	json_array_close(&w);
	json_object_open(&w, "o");
	json_string(&w, "s", "x");
	json_object_close(&w);
	json_object_close(&w);
	CHECK_EQ(json_finish(&w), 0);
	CHECK_STR(k.buf, "{\"a\":0,\"big\":18446744073709551615,\"neg\":-9223372036854775808,"
			 "\"list\":[true,null,{},[]],\"o\":{\"s\":\"x\"}}\n");
}

static void check_escaping(void)
{
	struct json_writer w;
	struct sink k;
	char all[256];

	start(&w, &k);
	json_array_open(&w, NULL);
	json_string(&w, NULL, "q\"b\\n\nt\tr\rb\bf\f");
	json_string(&w, NULL, "\x01\x1f\x7f\xff");
	json_string_n(&w, NULL, "abcdef", 3);
	json_array_close(&w);
	CHECK_EQ(json_finish(&w), 0);
	CHECK_STR(k.buf, "[\"q\\\"b\\\\n\\nt\\tr\\rb\\bf\\f\",\"\\u0001\\u001f\\u007f\\u00ff\",\"abc\"]\n");

	/* Every byte 1..255: the output has no raw control or non-ASCII byte. */
	for (int i = 0; i < 255; i++)
		all[i] = (char)(i + 1);
	all[255] = '\0';
	start(&w, &k);
	json_string(&w, NULL, all);
	CHECK_EQ(json_finish(&w), 0);
	for (size_t i = 0; i + 1 < k.len; i++)
		CHECK((unsigned char)k.buf[i] >= 0x20 && (unsigned char)k.buf[i] < 0x7f);
}

static void check_misuse(void)
{
	struct json_writer w;
	struct sink k;

	start(&w, &k);	/* a key inside an array */
	json_array_open(&w, NULL);
	json_uint(&w, "k", 1);
	json_array_close(&w);
	CHECK_EQ(json_finish(&w), -EINVAL);

	start(&w, &k);	/* no key inside an object */
	json_object_open(&w, NULL);
	json_uint(&w, NULL, 1);
	json_object_close(&w);
	CHECK_EQ(json_finish(&w), -EINVAL);

	start(&w, &k);	/* mismatched close */
	json_object_open(&w, NULL);
	json_array_close(&w);
	CHECK_EQ(json_finish(&w), -EINVAL);

	start(&w, &k);	/* unclosed */
	json_object_open(&w, NULL);
	CHECK_EQ(json_finish(&w), -EINVAL);

	start(&w, &k);	/* two top-level values */
	json_object_open(&w, NULL);
	json_object_close(&w);
	json_object_open(&w, NULL);
	json_object_close(&w);
	CHECK_EQ(json_finish(&w), -EINVAL);

	start(&w, &k);	/* too deep: refused, not overflowed */
	for (int i = 0; i < JSON_MAX_DEPTH + 4; i++)
		json_array_open(&w, NULL);
	CHECK_EQ(w.depth, JSON_MAX_DEPTH);
	for (int i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_close(&w);
	CHECK_EQ(json_finish(&w), -EINVAL);
}

/* json_list_finish closes the {"key": [...]} shape the commands print. */
static void check_list_finish(void)
{
	struct json_writer w;
	struct sink k;

	start(&w, &k);
	json_object_open(&w, NULL);
	json_array_open(&w, "items");
	json_uint(&w, NULL, 1);
	CHECK_EQ(json_list_finish(&w), 0);
	CHECK_STR(k.buf, "{\"items\":[1]}\n");

	start(&w, &k);		/* not that shape: misuse, reported */
	json_object_open(&w, NULL);
	CHECK_EQ(json_list_finish(&w), -EINVAL);
}

int main(void)
{
	check_nesting();
	check_list_finish();
	check_escaping();
	check_misuse();
	return ktest_summary();
}
