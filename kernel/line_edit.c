/* SPDX-License-Identifier: MIT */
/* The shell's line editor; see meridian/line_edit.h for keys and scope. */
#include <string.h>

#include <meridian/line_edit.h>

#define CTRL(c) ((c) & 0x1f)
#define ESC 0x1b
#define CSI_PARAM_MAX 99	/* ESC [ n ~ keys use small n; larger input is clamped */

static void out(struct line_edit *le, const char *s, size_t n)
{
	le->write(s, n, le->ctx);
}

static void out_str(struct line_edit *le, const char *s)
{
	out(le, s, strlen(s));
}

/* ESC [ n D: the cursor n columns left (n > 0). */
static void out_left(struct line_edit *le, size_t n)
{
	char seq[16];
	size_t i = sizeof(seq);

	seq[--i] = 'D';
	do {
		seq[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n && i > 2);
	seq[--i] = '[';
	seq[--i] = ESC;
	out(le, seq + i, sizeof(seq) - i);
}

/*
 * Redraws the whole line and puts the cursor back: simpler than a
 * minimal update and cheap at serial speeds for one line.  ESC [ K
 * erases what a longer previous line left on the right.
 */
static void refresh(struct line_edit *le)
{
	out_str(le, "\r");
	out_str(le, le->prompt);
	out(le, le->buf, le->len);
	out_str(le, "\x1b[K");
	if (le->cursor < le->len)
		out_left(le, le->len - le->cursor);
}

/* Inserts n bytes at the cursor, as many as fit; echoes them, or redraws mid-line. */
static void insert(struct line_edit *le, const char *s, size_t n)
{
	size_t room = LINE_EDIT_MAX - 1 - le->len;
	bool at_end = le->cursor == le->len;

	if (n > room)
		n = room;
	if (!n)
		return;
	memmove(le->buf + le->cursor + n, le->buf + le->cursor, le->len - le->cursor);
	memcpy(le->buf + le->cursor, s, n);
	le->len += n;
	le->cursor += n;
	le->buf[le->len] = '\0';
	if (at_end)
		out(le, s, n);
	else
		refresh(le);
}

/* Removes n bytes starting at pos (pos + n <= len) and moves the cursor to pos. */
static void erase(struct line_edit *le, size_t pos, size_t n)
{
	bool tail = pos + n == le->len && le->cursor == le->len;

	memmove(le->buf + pos, le->buf + pos + n, le->len - pos - n);
	le->len -= n;
	le->cursor = pos;
	le->buf[le->len] = '\0';
	if (tail && n == 1)
		out_str(le, "\b \b");
	else
		refresh(le);
}

static void move_to(struct line_edit *le, size_t pos)
{
	if (pos == le->cursor || pos > le->len)
		return;
	le->cursor = pos;
	refresh(le);
}

/* Replaces the line with s (at most LINE_EDIT_MAX - 1 bytes of it), cursor at the end. */
static void set_line(struct line_edit *le, const char *s)
{
	le->len = strnlen(s, LINE_EDIT_MAX - 1);
	memcpy(le->buf, s, le->len);
	le->buf[le->len] = '\0';
	le->cursor = le->len;
	refresh(le);
}

static void history_older(struct line_edit *le)
{
	const char *line;

	if (!le->hist || !(line = line_history_get(le->hist, (unsigned int)(le->hist_pos + 1))))
		return;
	if (le->hist_pos < 0)
		memcpy(le->draft, le->buf, le->len + 1);
	le->hist_pos++;
	set_line(le, line);
}

static void history_newer(struct line_edit *le)
{
	if (le->hist_pos < 0)
		return;
	le->hist_pos--;
	set_line(le, le->hist_pos < 0 ? le->draft : line_history_get(le->hist, (unsigned int)le->hist_pos));
}

/* --- Tab completion --- */

struct matches {
	size_t typed;		/* bytes of the prefix */
	unsigned int count;
	char common[LINE_EDIT_MAX];	/* longest common prefix of all matches */
	size_t common_len;
	struct line_edit *list_to;	/* second pass: print each match here */
};

static void match_one(const char *name, void *ctx)
{
	struct matches *m = ctx;
	size_t i = 0;

	if (m->list_to) {
		out_str(m->list_to, name);
		out_str(m->list_to, "  ");
		return;
	}
	if (m->count++ == 0) {
		m->common_len = strnlen(name, LINE_EDIT_MAX - 1);
		memcpy(m->common, name, m->common_len);
		return;
	}
	while (i < m->common_len && name[i] == m->common[i])
		i++;
	m->common_len = i;
}

/*
 * Tab: completes the first word.  One match: the whole name and a space.
 * Several: as far as they agree, or, when that adds nothing, a list of
 * them under the line.  None: the bell.
 */
static void complete(struct line_edit *le)
{
	struct matches m = { .typed = le->cursor };

	if (!le->complete || memchr(le->buf, ' ', le->cursor))
		return;
	le->complete(le->buf, le->cursor, match_one, &m);
	if (m.count == 0) {
		out_str(le, "\a");
	} else if (m.common_len > m.typed) {
		insert(le, m.common + m.typed, m.common_len - m.typed);
		if (m.count == 1)
			insert(le, " ", 1);
	} else if (m.count == 1) {
		insert(le, " ", 1);
	} else {
		out_str(le, "\n");
		m.list_to = le;
		le->complete(le->buf, le->cursor, match_one, &m);
		out_str(le, "\n");
		refresh(le);
	}
}

/* --- input --- */

/* The final byte of ESC [ ... or ESC O ...; n is the numeric parameter (0 if none). */
static void escape_key(struct line_edit *le, unsigned char final, unsigned int n)
{
	switch (final) {
	case 'A': history_older(le); break;
	case 'B': history_newer(le); break;
	case 'C': move_to(le, le->cursor + 1); break;
	case 'D': if (le->cursor) move_to(le, le->cursor - 1); break;
	case 'H': move_to(le, 0); break;
	case 'F': move_to(le, le->len); break;
	case '~':
		if (n == 1 || n == 7)
			move_to(le, 0);
		else if (n == 4 || n == 8)
			move_to(le, le->len);
		else if (n == 3 && le->cursor < le->len)
			erase(le, le->cursor, 1);
		break;
	}
}

/*
 * One byte after ESC or inside ESC [ / ESC O.  Returns true when the byte
 * belonged to the sequence, false when it is a key of its own: after a
 * lone Escape any key but '[' and 'O' is typed as usual (Escape is not a
 * prefix that eats the next key), and a control byte breaks into an
 * unfinished sequence the way ECMA-48 says, so Enter, ^C or the ESC of
 * the next sequence still work.  Only the first parameter counts: ESC [
 * 3 ; 5 ~ (Ctrl-Delete) is Delete.
 */
static bool feed_escape(struct line_edit *le, unsigned char c)
{
	if (le->state == LE_ESC) {
		if (c == ESC)
			return true;	/* the first Escape was pressed alone */
		if (c != '[' && c != 'O') {
			le->state = LE_NORMAL;
			return false;
		}
		le->state = LE_CSI;
		le->csi_param = 0;
		le->csi_first_done = false;
		return true;
	}
	if (c < 0x20 || c == 0x7f) {
		le->state = LE_NORMAL;
		return false;
	}
	if (c >= '0' && c <= '9') {
		if (!le->csi_first_done)
			le->csi_param = MIN(le->csi_param * 10 + (c - '0'), CSI_PARAM_MAX);
	} else if (c == ';') {
		le->csi_first_done = true;
	} else if (c >= 0x40 && c <= 0x7e) {
		le->state = LE_NORMAL;
		escape_key(le, c, le->csi_param);
	} else {
		le->state = LE_NORMAL;	/* not a sequence we know: drop it */
	}
	return true;
}

/* Enter: the line is done; it goes to the history. */
static bool finish(struct line_edit *le)
{
	out_str(le, "\n");
	if (le->hist)
		line_history_add(le->hist, le->buf);
	return true;
}

static bool feed_control(struct line_edit *le, unsigned char c)
{
	switch (c) {
	case '\r':
	case '\n':
		return finish(le);
	case '\b':
	case 0x7f:
		if (le->cursor)
			erase(le, le->cursor - 1, 1);
		break;
	case '\t': complete(le); break;
	case ESC: le->state = LE_ESC; break;
	case CTRL('a'): move_to(le, 0); break;
	case CTRL('e'): move_to(le, le->len); break;
	case CTRL('b'): if (le->cursor) move_to(le, le->cursor - 1); break;
	case CTRL('f'): move_to(le, le->cursor + 1); break;
	case CTRL('p'): history_older(le); break;
	case CTRL('n'): history_newer(le); break;
	case CTRL('d'): if (le->cursor < le->len) erase(le, le->cursor, 1); break;
	case CTRL('k'): if (le->cursor < le->len) erase(le, le->cursor, le->len - le->cursor); break;
	case CTRL('u'): if (le->len) erase(le, 0, le->len); break;
	case CTRL('c'):
		out_str(le, "^C");
		le->len = le->cursor = 0;
		le->buf[0] = '\0';
		out_str(le, "\n");
		return true;
	}
	return false;
}

bool line_edit_feed(struct line_edit *le, unsigned char c)
{
	bool crlf = c == '\n' && le->state == LE_NORMAL && le->after_cr;

	le->after_cr = c == '\r';
	if (crlf)
		return false;	/* the \n of a \r\n pair: the line already ended */
	if (le->state != LE_NORMAL && feed_escape(le, c))
		return false;
	if (c >= 0x20 && c < 0x7f) {
		insert(le, (const char *)&c, 1);
		return false;
	}
	return feed_control(le, c);
}

void line_edit_init(struct line_edit *le, const char *prompt, struct line_history *hist,
		    line_complete_fn complete_fn,
		    void (*write)(const char *s, size_t n, void *ctx), void *ctx)
{
	memset(le, 0, sizeof(*le));
	le->prompt = prompt;
	le->hist = hist;
	le->complete = complete_fn;
	le->write = write;
	le->ctx = ctx;
	le->hist_pos = -1;
}

void line_edit_begin(struct line_edit *le)
{
	le->len = le->cursor = 0;
	le->buf[0] = '\0';
	le->state = LE_NORMAL;
	le->hist_pos = -1;
	out_str(le, le->prompt);
}

/* --- history ring --- */

void line_history_add(struct line_history *h, const char *line)
{
	const char *newest = line_history_get(h, 0);
	size_t len = strnlen(line, LINE_EDIT_MAX - 1);

	if (!len || (newest && strcmp(newest, line) == 0))
		return;
	memcpy(h->lines[h->next], line, len);
	h->lines[h->next][len] = '\0';
	h->next = (h->next + 1) % LINE_HISTORY_LEN;
	if (h->count < LINE_HISTORY_LEN)
		h->count++;
}

const char *line_history_get(const struct line_history *h, unsigned int age)
{
	if (age >= h->count)
		return NULL;
	return h->lines[(h->next + LINE_HISTORY_LEN - 1 - age) % LINE_HISTORY_LEN];
}
