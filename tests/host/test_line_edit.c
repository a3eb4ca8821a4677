/* SPDX-License-Identifier: MIT */
/*
 * The shell's line editor, fed byte sequences as a terminal sends them:
 * cursor keys, editing keys, the history ring (its bounds included) and
 * Tab completion against a fixed list of command names.
 */
#include <meridian/line_edit.h>

#include "ktest_host.h"

struct screen {
	char out[8192];
	size_t len;
};

static void screen_write(const char *s, size_t n, void *ctx)
{
	struct screen *sc = ctx;

	if (sc->len + n >= sizeof(sc->out))
		sc->len = 0;	/* only the recent output matters */
	memcpy(sc->out + sc->len, s, n);
	sc->len += n;
	sc->out[sc->len] = '\0';
}

static const char *const names[] = { "help", "kmapinfo", "kmaptest", "layout", "ls", "lsmod",
				     "meminfo" };

static void fake_complete(const char *prefix, size_t len, void (*emit)(const char *, void *),
			  void *ctx)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strncmp(names[i], prefix, len))
			emit(names[i], ctx);
}

static struct line_edit le;
static struct line_history hist;
static struct screen scr;

static void setup(bool with_history)
{
	memset(&hist, 0, sizeof(hist));
	scr.len = 0;
	line_edit_init(&le, "# ", with_history ? &hist : NULL, fake_complete, screen_write, &scr);
	line_edit_begin(&le);
}

/* Feeds keys; returns how many times a line ended (le.buf holds the last one). */
static int type(const char *keys)
{
	int lines = 0;

	for (const char *k = keys; *k; k++) {
		if (line_edit_feed(&le, (unsigned char)*k)) {
			lines++;
			if (k[1])
				line_edit_begin(&le);
		}
	}
	return lines;
}

#define LEFT "\x1b[D"
#define RIGHT "\x1b[C"
#define UP "\x1b[A"
#define DOWN "\x1b[B"

static void check_editing(void)
{
	setup(false);
	CHECK_EQ(type("abc\r"), 1);
	CHECK_STR(le.buf, "abc");

	setup(false);
	CHECK_EQ(type("one\r\ntwo\r"), 2);	/* \r\n is one Enter, not two */
	CHECK_STR(le.buf, "two");

	setup(false);
	CHECK_EQ(type("ayout" LEFT LEFT LEFT LEFT LEFT LEFT "l\r"), 1);	/* one Left too many */
	CHECK_STR(le.buf, "layout");
	CHECK(strstr(scr.out, "\r# layout") != NULL);	/* the mid-line insert redrew */

	setup(false);
	CHECK_EQ(type("wrld\x1bOD\x1bOD\x1bODo" RIGHT RIGHT RIGHT RIGHT "!\r"), 1);	/* SS3 arrows too */
	CHECK_STR(le.buf, "world!");

	setup(false);
	type("world\x01hello \x05!\x1b[H>\x1b[F<\x1b[1~[\x1b[4~]");
	CHECK_STR(le.buf, "[>hello world!<]");

	setup(false);
	type("abcd\x01\x1b[3~\x04" RIGHT "\x7f");	/* Delete, ^D, then Backspace */
	CHECK_STR(le.buf, "d");

	setup(false);
	type("hello world" LEFT LEFT LEFT LEFT LEFT "\x0b");	/* ^K */
	CHECK_STR(le.buf, "hello ");
	type("\x15");	/* ^U */
	CHECK_EQ(le.len, 0);

	setup(false);
	CHECK_EQ(type("half\x03"), 1);	/* ^C abandons the line */
	CHECK_STR(le.buf, "");

	setup(false);	/* unknown and oversized sequences are dropped */
	type("a\x1b[5~b\x1b[999999999999~c\x1b[2;5Xd");
	CHECK_STR(le.buf, "abcd");
	CHECK_EQ(le.state, LE_NORMAL);

	setup(false);	/* control and non-ASCII bytes are not inserted */
	type("a\x80\xff\x07\x1c" "b");
	CHECK_STR(le.buf, "ab");
}

/*
 * Escape pressed alone is not the start of a sequence the next key
 * belongs to: the key after it counts, and so does a control key (Enter,
 * ^C, a second Escape) that breaks into an unfinished sequence.
 */
static void check_lone_escape(void)
{
	setup(false);
	type("a\x1bxb");	/* Escape, then x: the x is typed */
	CHECK_STR(le.buf, "axb");
	CHECK_EQ(le.state, LE_NORMAL);

	setup(false);
	CHECK_EQ(type("ls\x1b\r"), 1);	/* Escape, then Enter: the line ends */
	CHECK_STR(le.buf, "ls");

	setup(false);
	CHECK_EQ(type("ls\x1b[\r"), 1);	/* Enter inside an unfinished sequence */
	CHECK_STR(le.buf, "ls");

	setup(false);
	type("ab\x1b\x1b[Dc");	/* Escape, then Left: the Left works */
	CHECK_STR(le.buf, "acb");

	setup(false);
	type("ab\x1b[1\x1b[Dc");	/* a sequence cut short by the next one */
	CHECK_STR(le.buf, "acb");

	setup(false);
	type("ab\x1bO\x7f");	/* Backspace after an unfinished ESC O */
	CHECK_STR(le.buf, "a");

	setup(false);
	CHECK_EQ(type("half\x1b[\x03"), 1);	/* ^C still abandons the line */
	CHECK_STR(le.buf, "");
	CHECK_EQ(le.state, LE_NORMAL);

	setup(false);	/* Ctrl-Delete (ESC [ 3 ; 5 ~): the first parameter names the key */
	type("abc\x01\x1b[3;5~");
	CHECK_STR(le.buf, "bc");
}

static void check_bounds(void)
{
	setup(false);
	for (int i = 0; i < 300; i++)
		type("x");
	CHECK_EQ(le.len, LINE_EDIT_MAX - 1);
	type(LEFT "y\x01z");	/* full: inserts are dropped, not overflowed */
	CHECK_EQ(le.len, LINE_EDIT_MAX - 1);
	CHECK_EQ(le.buf[LINE_EDIT_MAX - 1], '\0');
	CHECK_EQ(le.cursor, 0);
}

static void check_history(void)
{
	char line[32];

	setup(true);
	type("one\rtwo\rtwo\r\rdr");	/* the repeat and the empty line are not kept */
	CHECK_EQ(hist.count, 2);
	type(UP);
	CHECK_STR(le.buf, "two");
	type(UP);
	CHECK_STR(le.buf, "one");
	type(UP);	/* past the oldest: stays */
	CHECK_STR(le.buf, "one");
	type(DOWN);
	CHECK_STR(le.buf, "two");
	type(DOWN);	/* back to the line being typed */
	CHECK_STR(le.buf, "dr");
	type(DOWN);
	CHECK_STR(le.buf, "dr");
	CHECK_EQ(type(UP UP "!\r"), 1);	/* a recalled line can be edited and run */
	CHECK_STR(le.buf, "one!");
	CHECK_STR(line_history_get(&hist, 0), "one!");
	line_edit_begin(&le);
	type("\x10\x10");	/* ^P ^P */
	CHECK_STR(le.buf, "two");
	type("\x0e");	/* ^N */
	CHECK_STR(le.buf, "one!");

	/* The ring keeps the newest LINE_HISTORY_LEN lines, and no more. */
	memset(&hist, 0, sizeof(hist));
	for (int i = 0; i < LINE_HISTORY_LEN + 5; i++) {
		snprintf(line, sizeof(line), "l%d", i);
		line_history_add(&hist, line);
	}
	CHECK_EQ(hist.count, LINE_HISTORY_LEN);
	CHECK_STR(line_history_get(&hist, 0), "l20");
	CHECK_STR(line_history_get(&hist, LINE_HISTORY_LEN - 1), "l5");
	CHECK(line_history_get(&hist, LINE_HISTORY_LEN) == NULL);
	CHECK(line_history_get(&hist, ~0u) == NULL);
	line_edit_begin(&le);
	for (int i = 0; i < LINE_HISTORY_LEN + 3; i++)
		type(UP);
	CHECK_STR(le.buf, "l5");
}

static void check_completion(void)
{
	setup(false);
	CHECK_EQ(type("lay\t\r"), 1);
	CHECK_STR(le.buf, "layout ");

	setup(false);
	type("km\t");	/* two matches: as far as they agree */
	CHECK_STR(le.buf, "kmap");
	scr.len = 0;
	type("\t");	/* nothing to add: the list */
	CHECK(strstr(scr.out, "kmapinfo  kmaptest") != NULL);
	CHECK(strstr(scr.out, "\r# kmap") != NULL);	/* and the line again */
	CHECK_STR(le.buf, "kmap");

	setup(false);
	type("ls\t");	/* ls is a name and a prefix of lsmod: listed, not completed */
	CHECK_STR(le.buf, "ls");

	setup(false);
	scr.len = 0;
	type("zz\t");
	CHECK_STR(le.buf, "zz");
	CHECK(strchr(scr.out, '\a') != NULL);

	setup(false);
	type("help la\t");	/* only the command name completes */
	CHECK_STR(le.buf, "help la");

	setup(false);
	type("\t");	/* every name */
	CHECK(strstr(scr.out, "help  kmapinfo  kmaptest  layout  ls  lsmod  meminfo") != NULL);
}

int main(void)
{
	check_editing();
	check_lone_escape();
	check_bounds();
	check_history();
	check_completion();
	return ktest_summary();
}
