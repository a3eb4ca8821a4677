/* SPDX-License-Identifier: MIT */
/*
 * The shell's line editor: a byte-at-a-time state machine that turns
 * terminal input (VT100/xterm escape sequences) into an edited line.
 * It knows nothing about the console: output goes through a callback,
 * command names come from a completion callback, so the host tests
 * drive it as it is.
 *
 * Keys: printable ASCII inserts at the cursor; Left/Right (ESC [ D/C,
 * ESC O D/C, ^B/^F) move; Home/End (ESC [ H/F, ESC [ 1~/4~, ^A/^E);
 * Backspace/DEL (0x08, 0x7f) and Delete (ESC [ 3~, ^D) erase; ^U kills
 * the line, ^K to its end; Up/Down (ESC [ A/B, ^P/^N) walk the history;
 * Tab completes the command name (the first word); ^C abandons the line.
 * Escape pressed alone is ignored and the key after it is typed as usual,
 * unless that key is '[' or 'O' (ESC [ and ESC O start the sequences);
 * a control key (Enter, ^C, ...) ends any unfinished sequence and acts.
 * Newlines are written as "\n": the console adds the "\r".
 * Out of scope: UTF-8 (non-ASCII bytes are dropped), multi-line editing
 * (a line is at most LINE_EDIT_MAX - 1 bytes, more input is dropped),
 * terminal width (long lines simply wrap).
 */
#ifndef MERIDIAN_LINE_EDIT_H
#define MERIDIAN_LINE_EDIT_H

#include <meridian/types.h>

#define LINE_EDIT_MAX 256	/* bytes per line, NUL included (SHELL_LINE_MAX) */
#define LINE_HISTORY_LEN 16	/* lines the history ring keeps */

/* The last LINE_HISTORY_LEN distinct, non-empty lines; the oldest is overwritten. */
struct line_history {
	char lines[LINE_HISTORY_LEN][LINE_EDIT_MAX];
	unsigned int next;	/* slot the next line goes to */
	unsigned int count;	/* lines held, at most LINE_HISTORY_LEN */
};

/*
 * Names completing prefix[0..len): calls emit(name, ctx) for each.  The
 * shell's version walks its command registry.
 */
typedef void (*line_complete_fn)(const char *prefix, size_t len,
				 void (*emit)(const char *name, void *ctx), void *ctx);

struct line_edit {
	char buf[LINE_EDIT_MAX];
	size_t len, cursor;		/* len bytes in buf; cursor <= len */
	enum { LE_NORMAL, LE_ESC, LE_CSI } state;
	unsigned int csi_param;		/* the number in ESC [ n ~ */
	bool csi_first_done;		/* a ';' ended the first parameter */
	bool after_cr;			/* the last byte was \r: a \n next is its pair */
	int hist_pos;			/* -1: the new line; n: the n-th most recent */
	char draft[LINE_EDIT_MAX];	/* the new line, kept while browsing history */
	struct line_history *hist;	/* may be NULL: no history */
	line_complete_fn complete;	/* may be NULL: Tab is ignored */
	const char *prompt;
	void (*write)(const char *s, size_t n, void *ctx);
	void *ctx;
};

void line_edit_init(struct line_edit *le, const char *prompt, struct line_history *hist,
		    line_complete_fn complete,
		    void (*write)(const char *s, size_t n, void *ctx), void *ctx);

/* Starts a new line: prints the prompt, empties the buffer. */
void line_edit_begin(struct line_edit *le);

/*
 * Feeds one input byte.  Returns true when Enter ended the line: le->buf
 * then holds it (NUL-terminated) and it is in the history.  After ^C the
 * line is empty and true is returned too, so the caller runs nothing.
 */
bool line_edit_feed(struct line_edit *le, unsigned char c);

/* Adds line to the history unless it is empty or repeats the newest entry. */
void line_history_add(struct line_history *h, const char *line);
/* The age-th most recent line (0 = newest), or NULL past the oldest. */
const char *line_history_get(const struct line_history *h, unsigned int age);

#endif /* MERIDIAN_LINE_EDIT_H */
