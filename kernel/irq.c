/* SPDX-License-Identifier: MIT */
/*
 * Generic IRQ layer: see meridian/interrupt.h.  Also the `interrupts`
 * command, in /proc/interrupts' format.
 */
#include <string.h>

#include <asm/ptrace.h>
#include <meridian/interrupt.h>
#include <meridian/irq.h>
#include <meridian/json.h>
#include <meridian/kernel.h>
#include <meridian/percpu.h>
#include <meridian/sched.h>
#include <meridian/shell.h>
#include <meridian/slab.h>
#include <meridian/spinlock.h>

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	unsigned long flags;
	struct irqaction *next;
};

struct irq_desc {
	struct irqaction *action;
	unsigned long count;	/* one CPU today; per CPU when the others run */
	unsigned long unhandled;
	unsigned long storm_start;	/* count when the current storm window opened */
	unsigned long storm_unhandled;	/* unhandled IRQs in that window */
	bool storm_disabled;		/* masked as a storm, until the chain empties */
};

/*
 * A level-triggered source that no handler claims asserts again as soon
 * as the CPU returns, and nothing else ever runs.  As Linux's
 * note_interrupt(): IRQ_STORM_UNHANDLED unhandled within a window of
 * IRQ_STORM_WINDOW of one IRQ's interrupts masks it ("nobody cared").
 */
#define IRQ_STORM_WINDOW 100000UL
#define IRQ_STORM_UNHANDLED 99900UL

/*
 * Which controller owns which IRQ numbers: the root controller [0, nr),
 * chained controllers a range above it.  Filled at probe, read-only after.
 */
struct irq_domain {
	struct irq_chip *chip;
	int node;
	unsigned int first, nr;
	bool (*is_level)(unsigned int irq);
};

#define MAX_IRQ_DOMAINS 4

static struct irq_desc irq_descs[NR_IRQS];
static struct irq_domain irq_domains[MAX_IRQ_DOMAINS];
static unsigned int nr_irq_domains;
static DEFINE_SPINLOCK(irq_lock);
unsigned long irq_err_count;
void (*handle_arch_irq_fn)(struct pt_regs *regs);
static struct irq_chip *irq_root_chip;	/* owns [0, nr): the SGIs/IPIs 0-15 */

int irq_add_chip(struct irq_chip *chip, int fdt_node, unsigned int first, unsigned int nr,
		 bool (*is_level)(unsigned int irq))
{
	if (!chip || !nr || first >= NR_IRQS || nr > NR_IRQS - first)
		return -EINVAL;
	if (nr_irq_domains == MAX_IRQ_DOMAINS)
		return -ENOSPC;
	for (unsigned int i = 0; i < nr_irq_domains; i++) {
		const struct irq_domain *d = &irq_domains[i];

		if (first < d->first + d->nr && d->first < first + nr)
			return -EBUSY;
	}
	irq_domains[nr_irq_domains++] = (struct irq_domain){
		.chip = chip, .node = fdt_node, .first = first, .nr = nr, .is_level = is_level,
	};
	return 0;
}

int irq_register_chip(struct irq_chip *chip, int fdt_node, unsigned int nr,
		      bool (*is_level)(unsigned int irq))
{
	int err = irq_add_chip(chip, fdt_node, 0, MIN(nr, (unsigned int)NR_IRQS), is_level);

	if (err == 0)
		irq_root_chip = chip;
	return err;
}

static const struct irq_domain *irq_domain_of(unsigned int irq)
{
	for (unsigned int i = 0; i < nr_irq_domains; i++)
		if (irq >= irq_domains[i].first && irq - irq_domains[i].first < irq_domains[i].nr)
			return &irq_domains[i];
	return NULL;
}

static const struct irq_domain *irq_domain_of_node(int node)
{
	for (unsigned int i = 0; i < nr_irq_domains; i++)
		if (irq_domains[i].node == node)
			return &irq_domains[i];
	return NULL;
}

/* The chip of irq, or NULL if no controller owns it. */
static struct irq_chip *irq_chip_of(unsigned int irq)
{
	const struct irq_domain *d = irq_domain_of(irq);

	return d ? d->chip : NULL;
}

static bool irq_valid(unsigned int irq)
{
	return irq_chip_of(irq) != NULL;
}

int of_irq_get(const struct fdt *fdt, int node, int index)
{
	const struct irq_domain *d;
	struct fdt_irq_spec spec;
	unsigned int irq;
	int err = fdt_irq_parse(fdt, node, index, &spec);

	if (err < 0)
		return err == -ENOENT ? -ENOENT : -EINVAL;
	d = irq_domain_of_node(spec.parent);
	if (!d || !d->chip->irq_xlate)
		return -ENXIO;
	err = d->chip->irq_xlate(&spec, &irq);
	if (err < 0)
		return err;
	/* A chip may only name its own IRQs. */
	return irq >= d->first && irq - d->first < d->nr ? (int)irq : -EINVAL;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id)
{
	struct irqaction *a, **pp;
	unsigned long f;

	if (!irq_valid(irq) || !handler)
		return -EINVAL;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->handler = handler;
	a->dev_id = dev_id;
	a->name = name;
	a->flags = flags;
	spin_lock_irqsave(&irq_lock, f);
	pp = &irq_descs[irq].action;
	if (*pp && (!((*pp)->flags & flags & IRQF_SHARED))) {
		spin_unlock_irqrestore(&irq_lock, f);
		kfree(a);
		return -EBUSY;
	}
	if (!*pp) {	/* a fresh chain: a past storm is forgiven */
		irq_descs[irq].storm_disabled = false;
		irq_descs[irq].storm_start = irq_descs[irq].count;
		irq_descs[irq].storm_unhandled = 0;
	}
	while (*pp)
		pp = &(*pp)->next;
	*pp = a;
	spin_unlock_irqrestore(&irq_lock, f);
	irq_chip_of(irq)->irq_unmask(irq);
	return 0;
}

void free_irq(unsigned int irq, void *dev_id)
{
	struct irqaction *a = NULL, **pp;
	unsigned long f;

	if (!irq_valid(irq))
		return;
	spin_lock_irqsave(&irq_lock, f);
	for (pp = &irq_descs[irq].action; *pp; pp = &(*pp)->next) {
		if ((*pp)->dev_id == dev_id) {
			a = *pp;
			*pp = a->next;
			break;
		}
	}
	if (!irq_descs[irq].action)
		irq_chip_of(irq)->irq_mask(irq);
	spin_unlock_irqrestore(&irq_lock, f);
	if (!a)
		pr_warn("free_irq: IRQ %u has no handler for dev_id %p\n", irq, dev_id);
	kfree(a);
}

/* Unmasking an IRQ with no handler, or one masked as a storm, would storm: refused. */
void enable_irq(unsigned int irq)
{
	struct irq_chip *chip = irq_chip_of(irq);

	if (!chip)
		return;
	if (!irq_descs[irq].action || irq_descs[irq].storm_disabled) {
		pr_warn("enable_irq: IRQ %u %s, left masked\n", irq,
			irq_descs[irq].action ? "was disabled as a storm" : "has no handler");
		return;
	}
	chip->irq_unmask(irq);
}

void disable_irq(unsigned int irq)
{
	struct irq_chip *chip = irq_chip_of(irq);

	if (chip)
		chip->irq_mask(irq);
}

int irq_set_priority(unsigned int irq, unsigned int prio)
{
	struct irq_chip *chip = irq_chip_of(irq);

	return chip && chip->irq_set_priority ? chip->irq_set_priority(irq, prio) : -EINVAL;
}

int irq_set_affinity(unsigned int irq, u32 cpu_mask)
{
	struct irq_chip *chip = irq_chip_of(irq);

	return chip && chip->irq_set_affinity ? chip->irq_set_affinity(irq, cpu_mask) : -EINVAL;
}

/*
 * Software-generated IRQs 0-15: the root controller owns them (its range
 * starts at 0), so no domain lookup on this path (the IRQ benchmark's).
 */
int irq_raise_self(unsigned int irq)
{
	struct irq_chip *chip = irq_root_chip;

	if (irq >= 16 || !chip || !chip->ipi_send_self)
		return -EINVAL;
	chip->ipi_send_self(irq);
	return 0;
}

unsigned long kstat_irqs(unsigned int irq)
{
	return irq < NR_IRQS ? irq_descs[irq].count : 0;
}

/*
 * An IRQ nobody handled: count it, and mask a storm of them (see
 * IRQ_STORM_WINDOW).  The window opens lazily, at the first unhandled IRQ
 * past the previous one, so that the handled path pays nothing.
 */
static void note_unhandled(struct irq_desc *desc, unsigned int irq)
{
	desc->unhandled++;
	irq_err_count++;
	if (desc->count - desc->storm_start > IRQ_STORM_WINDOW) {
		desc->storm_start = desc->count;
		desc->storm_unhandled = 0;
	}
	if (++desc->storm_unhandled < IRQ_STORM_UNHANDLED || desc->storm_disabled)
		return;
	desc->storm_disabled = true;
	pr_err("irq %u: nobody cared (%lu of the last %lu unhandled)\n", irq,
	       desc->storm_unhandled, desc->count - desc->storm_start);
	pr_err("Disabling IRQ #%u\n", irq);
	disable_irq(irq);
}

void generic_handle_irq(unsigned int irq)
{
	struct irq_desc *desc;
	irqreturn_t ret = IRQ_NONE;

	if (irq >= NR_IRQS) {
		irq_err_count++;
		return;
	}
	desc = &irq_descs[irq];
	desc->count++;
	for (struct irqaction *a = desc->action; a; a = a->next)
		ret |= a->handler((int)irq, a->dev_id);
	if (ret == IRQ_NONE)
		note_unhandled(desc, irq);
}

/* IRQ entry from the vector: no nesting, then a possible preemption on the way out. */
void handle_arch_irq(struct pt_regs *regs)
{
	struct percpu *pc = this_cpu();

	BUG_ON(pc->irq_depth);	/* handlers run with IRQs masked: nesting means a bug */
	pc->irq_depth++;
	if (handle_arch_irq_fn)
		handle_arch_irq_fn(regs);
	else
		irq_err_count++;
	pc->irq_depth--;
	irq_exit_preempt(regs);
}

/* How `interrupts` names irq: its controller, the controller's own number, the trigger. */
static const char *irq_chip_name(const struct irq_domain *dom)
{
	return dom->chip->name;
}

static unsigned long irq_hwirq(const struct irq_domain *dom, unsigned int irq)
{
	return dom->chip->irq_hwirq ? dom->chip->irq_hwirq(irq) : irq - dom->first;
}

static const char *irq_type_name(const struct irq_domain *dom, unsigned int irq)
{
	return dom->is_level && dom->is_level(irq) ? "Level" : "Edge";
}

/* interrupts --json: {"irqs": [{"irq", "count", "chip", "hwirq", "type", "actions"}], "err"}. */
static int interrupts_json(void)
{
	struct json_writer w;

	json_console_list(&w, "irqs");
	for (unsigned int i = 0; i < NR_IRQS; i++) {
		const struct irq_domain *dom = irq_domain_of(i);
		struct irq_desc *d = &irq_descs[i];

		if (!dom || (!d->action && !d->count))
			continue;
		json_object_open(&w, NULL);
		json_uint(&w, "irq", i);
		json_uint(&w, "count", d->count);	/* CPU0: the only CPU */
		json_string(&w, "chip", irq_chip_name(dom));
		json_uint(&w, "hwirq", irq_hwirq(dom, i));
		json_string(&w, "type", irq_type_name(dom, i));
		json_array_open(&w, "actions");
		for (struct irqaction *a = d->action; a; a = a->next)
			json_string(&w, NULL, a->name);
		json_array_close(&w);
		json_object_close(&w);
	}
	json_array_close(&w);
	json_uint(&w, "err", irq_err_count);
	json_object_close(&w);
	return json_finish(&w);
}

static int cmd_interrupts(int argc, char **argv)
{
	bool json;

	if (shell_parse_json(argc, argv, &json) < 0)
		return 1;
	if (json)
		return interrupts_json() != 0;
	console_printf("           CPU0       \n");
	for (unsigned int i = 0; i < NR_IRQS; i++) {
		const struct irq_domain *dom = irq_domain_of(i);
		struct irq_desc *d = &irq_descs[i];

		if (!dom || (!d->action && !d->count))
			continue;
		console_printf("%3u: %10lu %8s %3lu %-8s", i, d->count, irq_chip_name(dom),
			       irq_hwirq(dom, i), irq_type_name(dom, i));
		for (struct irqaction *a = d->action; a; a = a->next)
			console_printf("%s%s", a == d->action ? "  " : ", ", a->name);
		console_printf("\n");
	}
	console_printf("Err: %10lu\n", irq_err_count);
	return 0;
}
SHELL_COMMAND("interrupts", "[--json]", "IRQ counts, in /proc/interrupts' format", cmd_interrupts);
