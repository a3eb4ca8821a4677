/* SPDX-License-Identifier: MIT */
/*
 * Kernel entry, with the Linux zImage convention: r0 = 0, r1 = machine
 * id, r2 = physical address of the DTB; MMU and D-cache off; SVC or HYP
 * mode.
 *
 * Early boot, all position independent:
 *   1. leave HYP for SVC if entered in HYP;
 *   2. find PHYS_OFFSET as the load address rounded down to 128 MiB
 *      (Linux's AUTO_ZRELADDR rule), move the DTB out of the way if it
 *      lies where the image will run, and move the image to
 *      PHYS_OFFSET + TEXT_OFFSET if it was loaded elsewhere;
 *   3. clear .bss and build the boot tables: the identity map of the
 *      MMU-enable code (one 2 MiB block) and the image at PAGE_OFFSET
 *      with 4 KiB pages carrying their final permissions;
 *   4. turn on the MMU and caches and jump to the virtual address.
 * The identity map is dropped by early_mmu_init() in C.
 *
 * A core other than core 0 of its cluster (MPIDR.Aff0 != 0) that enters
 * here goes straight to secondary_park.
 *
 * Out of scope: SMP bring-up.
 */
#include <asm/memory.h>
#include <asm/pgtable-hwdef.h>
#include <asm/pmu.h>
#include <asm/ptrace.h>

#define RELOC_ALIGN 64

/*
 * rd = where __relocate copies its loop: the first RELOC_ALIGN boundary
 * strictly past both the loaded image (r4) and its destination (r8),
 * image bytes = size.  __move_dtb keeps the DTB out of that scratch too.
 */
	.macro	reloc_scratch, rd, size
	cmp	r4, r8
	addhi	\rd, r4, \size
	addls	\rd, r8, \size
	add	\rd, \rd, #RELOC_ALIGN
	bic	\rd, \rd, #(RELOC_ALIGN - 1)
	.endm

/* Boot page attributes, low and high descriptor words. */
#define PROT_LO (PTE_TYPE_PAGE | PTE_AF | PTE_SHARED | PTE_ATTRINDX(MT_WRITEALLOC))
#define PROT_RW_LO PROT_LO
#define PROT_RO_LO (PROT_LO | PTE_RDONLY)
#define PROT_XN_HI (PTE_XN_HI | PTE_PXN_HI)
#define IDMAP_LO (PMD_TYPE_SECT | PTE_AF | PTE_SHARED | PTE_RDONLY | PTE_ATTRINDX(MT_WRITEALLOC))

#if CONFIG_PAGE_OFFSET == 0xc0000000
#define TTBCR_SPLIT (TTBCR_T0SZ(0) | TTBCR_T1SZ(2))
#elif CONFIG_PAGE_OFFSET == 0x80000000
#define TTBCR_SPLIT (TTBCR_T0SZ(0) | TTBCR_T1SZ(1))
#else
#define TTBCR_SPLIT (TTBCR_T0SZ(2) | TTBCR_T1SZ(0))
#endif

	.arm
	.section .head.text, "ax"
	.globl _start
_start:
	.rept 8
	mov	r0, r0
	.endr
	b	1f
	.word	0x016f2818		@ zImage magic, at offset 0x24
	.word	0			@ start 0: position independent
	.word	__image_end - _start	@ end: bytes to load
	.word	0x04030201		@ little-endian
1:
	mrc	p15, 0, r0, c0, c0, 5	@ MPIDR: only core 0 of its cluster
	tst	r0, #0xff		@ boots (Aff0 == 0); another core that
	bne	secondary_park		@ enters here waits, touching nothing
	mov	r0, #(ARMV7_PMCR_E | ARMV7_PMCR_C)	@ start the cycle counter at 0:
	mcr	p15, 0, r0, c9, c12, 0	@ PMCR	(boot_to_prompt counts from here)
	mov	r0, #ARMV7_PMCNTENSET_C
	mcr	p15, 0, r0, c9, c12, 1	@ PMCNTENSET
	mov	r7, r1			@ r7 = machine id
	mov	r6, r2			@ r6 = DTB physical address
	mrs	r0, cpsr		@ record the entry mode in __boot_cpu_mode,
	and	r0, r0, #MODE_MASK	@ through its load-time address (the
	ldr	r1, =__boot_cpu_mode	@ relocation below copies .data too)
	ldr	r2, =_start
	sub	r1, r1, r2
	adr	r2, _start
	str	r0, [r1, r2]
	bl	__hyp_to_svc
	cpsid	aif
	mrc	p15, 0, r0, c1, c0, 0	@ SCTLR: MMU, D-cache, alignment off,
	bic	r0, r0, #(SCTLR_M | SCTLR_C | SCTLR_A)
	bic	r0, r0, #SCTLR_TE	@ exceptions in ARM state
	bic	r0, r0, #SCTLR_V	@ low vectors until the vector page is mapped
	mcr	p15, 0, r0, c1, c0, 0
	isb

	adr	r4, _start		@ r4 = where we were loaded
	mov	r5, r4, lsr #27
	mov	r5, r5, lsl #27		@ r5 = PHYS_OFFSET (128 MiB aligned)
	add	r8, r5, #TEXT_OFFSET	@ r8 = where the image must run
	bl	__move_dtb
	cmp	r4, r8
	bne	__relocate
__relocated:
	ldr	r0, =_start
	sub	r9, r8, r0		@ r9 = physical - virtual
	ldr	r0, =__bss_start
	ldr	r1, =_end
	add	r0, r0, r9
	add	r1, r1, r9
	mov	r2, #0
	mov	r3, #0
1:	strd	r2, r3, [r0], #8
	cmp	r0, r1
	blo	1b

	bl	v7_invalidate_l1
	bl	__create_page_tables
	b	__enable_mmu

/*
 * Move the image from r4 to r8.  The copy loop itself is first copied
 * past the end of both source and destination, so that it never
 * overwrites the instructions it is running.
 */
__relocate:
	ldr	r0, =__image_end
	ldr	r1, =_start
	sub	r2, r0, r1		@ r2 = bytes to move
	reloc_scratch r10, r2		@ r10 = scratch for the loop
	adr	r0, __reloc_loop
	adr	r1, __reloc_loop_end
	mov	r3, r10
1:	ldr	ip, [r0], #4
	str	ip, [r3], #4
	cmp	r0, r1
	blo	1b
	mov	r0, #0
	mcr	p15, 0, r0, c7, c5, 0	@ ICIALLU
	dsb
	isb
	adr	r3, __relocated
	sub	r3, r3, r4
	add	r3, r3, r8		@ r3 = __relocated in the new copy
	mov	r0, r4
	mov	r1, r8
	bx	r10

	@ r0 = source, r1 = destination, r2 = bytes (multiple of 4),
	@ r3 = where to continue.  Position independent; memmove order.
__reloc_loop:
	cmp	r0, r1
	bls	2f
1:	ldr	ip, [r0], #4
	str	ip, [r1], #4
	subs	r2, r2, #4
	bne	1b
	b	3f
2:	add	r0, r0, r2
	add	r1, r1, r2
1:	ldr	ip, [r0, #-4]!
	str	ip, [r1, #-4]!
	subs	r2, r2, #4
	bne	1b
3:	mov	r0, #0
	mcr	p15, 0, r0, c7, c5, 0	@ ICIALLU
	mcr	p15, 0, r0, c7, c5, 6	@ BPIALL
	dsb
	isb
	bx	r3
__reloc_loop_end:
	.ltorg

#define FDT_MAGIC_LE	0xedfe0dd0	/* 0xd00dfeed, big-endian, read as a word */
#define FDT_HEADER_SIZE	40		/* v17 header: a smaller totalsize is no DTB */
#define DTB_MOVE_MAX	0x00200000	/* larger "DTBs" are left for C to refuse */
#define RELOC_LOOP_SIZE	(__reloc_loop_end - __reloc_loop)

/*
 * Loaders may leave the DTB where the image is about to run: QEMU with
 * -bios puts its DTB at the base of RAM, and U-Boot boots it in place
 * there when fdt_high is 0xffffffff (qemu_arm's default).  A DTB loaded
 * right behind the image lies where __relocate copies its loop.  If the
 * DTB overlaps [r8, r8 + _end - _start) or, when the image is to move,
 * that loop's scratch, copy it to the first page past the run range, the
 * image as loaded and the scratch, and record where it was in
 * __boot_dtb_moved_from.  Anything that is not a plausible DTB (no
 * magic, totalsize below the header or above DTB_MOVE_MAX, wrapping past
 * 4 GiB) is left where it is, for setup_arch to refuse.  The new home
 * is chosen without knowing where the initrd is (that is in the DTB): a
 * loader that put the initrd just past the image would lose it.  U-Boot's
 * bootm and QEMU keep the initrd well clear.
 * In: r4 = load address, r6 = DTB, r8 = run address.  Out: r6.
 * Clobbers r0-r3, r10, ip.
 */
__move_dtb:
	tst	r6, #3			@ no DTB, or a misaligned one:
	cmpeq	r6, #0			@ setup_arch reports those
	bxeq	lr
	tst	r6, #3
	bxne	lr
	ldr	r0, [r6]
	ldr	r1, =FDT_MAGIC_LE
	cmp	r0, r1
	bxne	lr
	ldr	r0, [r6, #4]
	rev	r0, r0			@ r0 = totalsize
	cmp	r0, #DTB_MOVE_MAX
	bxhi	lr
	cmp	r0, #FDT_HEADER_SIZE
	bxlo	lr
	add	r0, r0, #3
	bic	r0, r0, #3		@ r0 = bytes to copy
	adds	r3, r6, r0		@ r3 = end of the DTB
	bxcs	lr			@ past 4 GiB: not ours to fix
	ldr	r1, =_end
	ldr	r2, =_start
	sub	r1, r1, r2
	add	r2, r8, r1		@ r2 = end of the image where it runs
	cmp	r3, r8
	bls	1f			@ the DTB ends below the image
	cmp	r6, r2
	blo	2f			@ and does not start above it: move
1:	cmp	r4, r8
	bxeq	lr			@ no relocation, no scratch
	ldr	r1, =__image_end
	ldr	ip, =_start
	sub	r1, r1, ip
	reloc_scratch r10, r1		@ r10 = the loop's scratch
	cmp	r3, r10
	bxls	lr			@ the DTB ends below the scratch
	add	r10, r10, #RELOC_LOOP_SIZE
	cmp	r6, r10
	bxhs	lr			@ or starts above it
2:	ldr	r1, =__image_end
	ldr	r3, =_start
	sub	r1, r1, r3
	add	r3, r4, r1
	add	r3, r3, #PAGE_SIZE	@ r3 = past the loaded image and the loop
	cmp	r3, r2
	movlo	r3, r2
	sub	r3, r3, #1
	lsr	r3, r3, #PAGE_SHIFT
	add	r3, r3, #1
	lsl	r3, r3, #PAGE_SHIFT	@ r3 = new home, page aligned, above r6: copy downwards
	ldr	r1, =__boot_dtb_moved_from	@ through its load-time address,
	ldr	r2, =_start			@ like __boot_cpu_mode
	sub	r1, r1, r2
	str	r6, [r1, r4]
	add	r1, r6, r0
	add	r2, r3, r0
3:	ldr	ip, [r1, #-4]!
	str	ip, [r2, #-4]!
	cmp	r1, r6
	bhi	3b
	mov	r6, r3
	bx	lr
	.ltorg

/*
 * Cores other than the boot core, entered here from _start or sent here
 * through a mailbox by the BCM2836 driver: MMU off, any mode, position
 * independent.  They wait with interrupts masked; a core wakes from WFI
 * only for an interrupt routed to it, and none is.  A core that came
 * through _start waits in the copy it was loaded in: a loader that
 * starts every core must load the image at PHYS_OFFSET + TEXT_OFFSET,
 * where it is never moved (the Pi firmware's 0x8000), or the boot core's
 * relocation may overwrite the loop.
 */
	.globl	secondary_park
secondary_park:
	cpsid	aif
1:	wfi
	b	1b

/*
 * Entered in HYP (real Raspberry Pi firmware does this): give PL1 the
 * physical counter and timer, make the ID registers read true, and
 * drop to SVC with interrupts masked.  Returns to lr in SVC mode.
 */
__hyp_to_svc:
	mrs	r0, cpsr
	and	r0, r0, #MODE_MASK
	cmp	r0, #HYP_MODE
	bxne	lr
	mrc	p15, 0, r0, c0, c0, 0
	mcr	p15, 4, r0, c0, c0, 0	@ VPIDR = MIDR
	mrc	p15, 0, r0, c0, c0, 5
	mcr	p15, 4, r0, c0, c0, 5	@ VMPIDR = MPIDR
	mov	r0, #0
	mcr	p15, 4, r0, c1, c1, 0	@ HCR: no traps to HYP
	mcr	p15, 4, r0, c1, c1, 3	@ HSTR: no CP15 traps
	mcrr	p15, 4, r0, r0, c14	@ CNTVOFF = 0
	mrc	p15, 4, r0, c14, c1, 0	@ CNTHCTL
	orr	r0, r0, #3		@ PL1PCEN | PL1PCTEN
	mcr	p15, 4, r0, c14, c1, 0
	msr	elr_hyp, lr
	mov	r0, #(SVC_MODE | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT)
	msr	spsr_cxsf, r0		@ our own SPSR: the banked form would be UNDEFINED in HYP
	eret

/*
 * Invalidate the L1 data cache by set/way (B4.2.1): its contents are
 * unknown at reset and must not be written back over the tables.
 * Clobbers r0-r3, r10, ip.
 */
v7_invalidate_l1:
	mov	r0, #0
	mcr	p15, 2, r0, c0, c0, 0	@ CSSELR: level 1 data
	isb
	mrc	p15, 1, r0, c0, c0, 0	@ CCSIDR
	ubfx	r1, r0, #13, #15	@ NumSets - 1
	ubfx	r2, r0, #3, #10		@ Associativity - 1
	and	r3, r0, #7
	add	r3, r3, #4		@ log2(line bytes)
	clz	ip, r2			@ way field shift
1:	mov	r0, r1
2:	lsl	r10, r2, ip
	orr	r10, r10, r0, lsl r3
	mcr	p15, 0, r10, c7, c6, 2	@ DCISW
	subs	r0, r0, #1
	bge	2b
	subs	r2, r2, #1
	bge	1b
	dsb
	isb
	bx	lr

/*
 * Build the boot tables in the zeroed .bss (r9 = physical - virtual,
 * r5 = PHYS_OFFSET).  swapper_pg_dir[i] points at swapper_pmd[i], so a
 * block for physical address pa sits at swapper_pmd + (pa >> 21) * 8.
 */
__create_page_tables:
	ldr	r4, =swapper_pg_dir
	add	r4, r4, r9
	ldr	r3, =swapper_pmd
	add	r3, r3, r9
	mov	r0, #0
	mov	r2, #0
1:	add	r1, r3, r0, lsl #12
	orr	r1, r1, #PMD_TYPE_TABLE
	add	ip, r4, r0, lsl #3
	str	r1, [ip]
	str	r2, [ip, #4]
	add	r0, r0, #1
	cmp	r0, #PTRS_PER_PGD
	blo	1b

	@ Identity map: the 2 MiB block holding the MMU-enable code.
	ldr	r0, =__idmap_text_start
	add	r0, r0, r9
	lsr	r1, r0, #PMD_SHIFT
	lsl	r0, r1, #PMD_SHIFT
	ldr	r2, =IDMAP_LO
	orr	r0, r0, r2
	mov	r2, #0
	add	ip, r3, r1, lsl #3
	str	r0, [ip]
	str	r2, [ip, #4]

	@ The image region: two level-3 tables from PAGE_OFFSET.
	ldr	r0, =kernel_pte
	add	r0, r0, r9
	ldr	ip, =(PAGE_OFFSET >> PMD_SHIFT) * 8
	add	ip, r3, ip
	orr	r1, r0, #PMD_TYPE_TABLE
	str	r1, [ip]
	str	r2, [ip, #4]
	add	r1, r1, #PAGE_SIZE
	str	r1, [ip, #8]
	str	r2, [ip, #12]

	@ Fill them: r0 = pte, r2 = va, r3 = pa, r4 = region end,
	@ r10/r11 = region attributes, r1 = next region, ip = end va.
	adr	r1, kernel_map_regions
	ldr	r2, =PAGE_OFFSET
	mov	r3, r5
	ldr	ip, =PAGE_OFFSET + 2 * PMD_SIZE
	ldmia	r1!, {r4, r10, r11}
2:	cmp	r2, r4
	blo	3f
	ldmia	r1!, {r4, r10, r11}
	b	2b
3:	orr	r4, r3, r10
	str	r4, [r0], #4
	str	r11, [r0], #4
	sub	r1, r1, #12		@ reload this region's end (r4 was reused)
	ldmia	r1!, {r4, r10, r11}
	add	r2, r2, #PAGE_SIZE
	add	r3, r3, #PAGE_SIZE
	cmp	r2, ip
	blo	2b
	bx	lr

	@ {end va, descriptor low word, descriptor high word}, in VA order.
kernel_map_regions:
	.word	_stext, PROT_RW_LO, PROT_XN_HI		@ RAM below the image
	.word	_etext, PROT_RO_LO, 0			@ text: RX
	.word	__end_rodata, PROT_RO_LO, PROT_XN_HI	@ rodata: R, XN
	.word	__init_text_end, PROT_RO_LO, 0		@ init text: RX
	.word	__kallsyms_start, PROT_RW_LO, PROT_XN_HI	@ init data, data: RW, XN
	.word	__kallsyms_end, PROT_RO_LO, PROT_XN_HI	@ symbol table: R, XN
	.word	0xffffffff, PROT_RW_LO, PROT_XN_HI	@ bss and the rest: RW, XN
	.ltorg

/*
 * Turn on the MMU.  Runs from the identity map so that the instruction
 * after the SCTLR write is fetched at the same address either way.
 */
	.section .idmap.text, "ax"
__enable_mmu:
	ldr	r0, =MAIR0_VALUE
	mcr	p15, 0, r0, c10, c2, 0	@ MAIR0
	ldr	r0, =MAIR1_VALUE
	mcr	p15, 0, r0, c10, c2, 1	@ MAIR1
	ldr	r0, =(TTBCR_EAE | TTBCR_SPLIT | TTBCR_WALK_ATTRS)
	mcr	p15, 0, r0, c2, c0, 2	@ TTBCR
	ldr	r0, =swapper_pg_dir
	add	r0, r0, r9		@ pgd
	ldr	r1, =swapper_pmd
	add	r1, r1, r9		@ pmd[0]
	mov	r2, #0
#if CONFIG_PAGE_OFFSET == 0xc0000000
	add	r3, r1, #3 * PAGE_SIZE	@ TTBR1: level 2, the top GiB
	mov	r1, r0			@ TTBR0: level 1
#elif CONFIG_PAGE_OFFSET == 0x80000000
	add	r3, r0, #2 * 8		@ TTBR1: level 1, pgd[2..3]
	mov	r1, r0			@ TTBR0: level 1
#else
	mov	r3, r0			@ TTBR1: level 1, pgd[1..3] used
					@ TTBR0: level 2, the bottom GiB (r1)
#endif
	mcrr	p15, 0, r1, r2, c2	@ TTBR0, ASID 0
	mcrr	p15, 1, r3, r2, c2	@ TTBR1
	mov	r0, #0
	mcr	p15, 0, r0, c8, c7, 0	@ TLBIALL
	mcr	p15, 0, r0, c7, c5, 0	@ ICIALLU
	mcr	p15, 0, r0, c7, c5, 6	@ BPIALL
	dsb
	isb
	mrc	p15, 0, r0, c1, c0, 0
	orr	r0, r0, #(SCTLR_M | SCTLR_C)
	orr	r0, r0, #(SCTLR_I | SCTLR_Z)
	mcr	p15, 0, r0, c1, c0, 0	@ SCTLR: MMU and caches on
	isb
	ldr	pc, =__mmap_switched
	.ltorg

	.text
__mmap_switched:
	ldr	sp, =init_stack + CONFIG_BOOT_STACK_SIZE
	mov	fp, #0
	mov	r0, r5			@ PHYS_OFFSET
	mov	r1, r6			@ DTB
	mov	r2, r7			@ machine id
	bl	start_kernel
1:	wfi
	b	1b
