/* SPDX-License-Identifier: MIT */
/* insmod, rmmod, lsmod (/proc/modules' format) and modinfo. */
#include <stdio.h>
#include <string.h>

#include <meridian/cpio.h>
#include <meridian/initramfs.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/module_elf.h>
#include <meridian/shell.h>
#include <meridian/slab.h>

#include "module_internal.h"

/*
 * Appends one shell word to the module's parameter string, quoted the way
 * the parameter parser (next_arg()) reads it back: the shell has already
 * taken the quotes off "whom=big world", so they go back on the value
 * (whom="big world").  A word with both whitespace and a '"' cannot be
 * written (parameters have no escapes): -EINVAL; -E2BIG when out of room.
 */
static int append_param(char *args, size_t size, size_t *used, const char *word)
{
	bool space = false, quote = strchr(word, '"') != NULL;
	const char *eq = strchr(word, '=');
	int n;

	for (const char *c = word; *c; c++)
		space |= *c == ' ' || (*c >= '\t' && *c <= '\r');
	if (space && quote)
		return -EINVAL;
	if (!space)
		n = snprintf(args + *used, size - *used, "%s ", word);
	else if (eq)
		n = snprintf(args + *used, size - *used, "%.*s\"%s\" ", (int)(eq - word + 1), word,
			     eq + 1);
	else
		n = snprintf(args + *used, size - *used, "\"%s\" ", word);
	if (n < 0 || (size_t)n >= size - *used)
		return -E2BIG;
	*used += (size_t)n;
	return 0;
}

/* insmod PATH [param=value ...] */
static int cmd_insmod(int argc, char **argv)
{
	char args[256] = "";
	size_t used = 0;

	if (argc < 2) {
		console_printf("usage: insmod PATH [param=value ...]\n");
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		int err = append_param(args, sizeof(args), &used, argv[i]);

		if (err == -EINVAL) {
			console_printf("insmod: %s: a value cannot hold both a space and a '\"'\n",
				       argv[i]);
			return 1;
		}
		if (err < 0) {
			console_printf("insmod: parameters too long\n");
			return 1;
		}
	}
	return load_module(argv[1], args) != 0;
}
SHELL_COMMAND("insmod", "PATH [param=value ...]", "load a module from the initramfs", cmd_insmod);

static int cmd_rmmod(int argc, char **argv)
{
	if (argc != 2) {
		console_printf("usage: rmmod NAME\n");
		return 1;
	}
	return unload_module(argv[1]) != 0;
}
SHELL_COMMAND("rmmod", "NAME", "unload a module", cmd_rmmod);

/* lsmod --json: {"modules": [{"name", "size", "refcnt", "used_by", "state", "address"}]}. */
static int lsmod_json(void)
{
	struct json_writer w;
	struct module *m, *o;

	json_console_list(&w, "modules");
	list_for_each_entry(m, &modules, list) {
		json_object_open(&w, NULL);
		json_string(&w, "name", m->name);
		json_uint(&w, "size", m->core_size);
		json_int(&w, "refcnt", m->refcnt);
		json_array_open(&w, "used_by");
		list_for_each_entry(o, &modules, list)
			for (int i = 0; i < o->ndeps; i++)
				if (o->deps[i] == m)
					json_string(&w, NULL, o->name);
		json_array_close(&w);
		json_string(&w, "state", "Live");
		json_uint(&w, "address", m->core.va);
		json_object_close(&w);
	}
	return json_list_finish(&w);
}

/* /proc/modules: name size refcount dependents state address. */
static int cmd_lsmod(int argc, char **argv)
{
	struct module *m, *o;
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	if (json)
		return lsmod_json() != 0;
	list_for_each_entry(m, &modules, list) {
		bool any = false;

		console_printf("%s %lu %d ", m->name, m->core_size, m->refcnt);
		list_for_each_entry(o, &modules, list)
			for (int i = 0; i < o->ndeps; i++)
				if (o->deps[i] == m) {
					console_printf("%s,", o->name);
					any = true;
				}
		console_printf("%s Live 0x%08lx\n", any ? "" : "-", m->core.va);
	}
	return 0;
}
SHELL_COMMAND("lsmod", "[--json]", "loaded modules, in /proc/modules' format", cmd_lsmod);

/* modinfo PATH: the .modinfo strings, one per line, as modinfo(8) prints them. */
static int cmd_modinfo(int argc, char **argv)
{
	char path[CPIO_NAME_MAX];
	struct elf_module *e;
	struct cpio_entry f;
	size_t asize;
	const void *archive = initramfs_data(&asize);
	int idx;

	if (argc != 2 || strlen(argv[1]) + 24 > sizeof(path)) {
		console_printf("usage: modinfo PATH\n");
		return 1;
	}
	snprintf(path, sizeof(path), strchr(argv[1], '/') ? "%s" : "lib/modules/%s.ko", argv[1]);
	if (!archive || cpio_find(archive, asize, path, &f) < 0) {
		console_printf("modinfo: %s: no such module file\n", path);
		return 1;
	}
	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e || elf_module_parse(e, f.data, f.size) < 0) {
		console_printf("modinfo: %s: %s\n", path, e ? e->err : "out of memory");
		kfree(e);
		return 1;
	}
	idx = elf_find_section(e, ".modinfo");
	if (idx < 0) {
		console_printf("modinfo: %s: no .modinfo section (not built as a module)\n", path);
		kfree(e);
		return 1;
	}
	console_printf("filename:       /%s\n", path);
	for (const char *p = (const char *)e->image + e->sechdrs[idx].sh_offset,
			*end = p + e->sechdrs[idx].sh_size;
	     p < end; p += strnlen(p, (size_t)(end - p)) + 1) {
		const char *eq = memchr(p, '=', strnlen(p, (size_t)(end - p)));
		int keylen = eq ? (int)(eq - p) : 0;

		/* "key=value" printed as modinfo(8) does: "key:" in 16 columns, then the value */
		if (eq)
			console_printf("%.*s:%*s%s\n", keylen, p, keylen < 15 ? 15 - keylen : 1, "",
				       eq + 1);
	}
	kfree(e);
	return 0;
}
SHELL_COMMAND("modinfo", "PATH", "show a module file's information", cmd_modinfo);
