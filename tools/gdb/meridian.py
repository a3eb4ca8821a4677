# SPDX-License-Identifier: MIT
"""gdb helpers for Meridian, in gdb's Python API.  `./meridian debug` loads
them; by hand: `source tools/gdb/meridian.py` in gdb-multiarch.

  mer-walk ADDR   walk the LPAE tables for a virtual address from TTBR0 or
                  TTBR1, level by level, reading the tables from physical
                  memory through QEMU's gdb stub (Qqemu.PhyMemMode)
  mer-layout      the "Virtual kernel memory layout" block, computed from
                  the kernel's symbols (mem_layout and the section bounds)
  mer-vmalloc     the vmalloc areas, found by walking vmap_space's busy
                  red-black tree, in /proc/vmallocinfo's format

They read the target only; nothing is written.  ADDR is any gdb
expression (`mer-walk _text`, `mer-walk 0xffff0000`).

The constants below mirror arch/arm/include/asm/memory.h and
pgtable-hwdef.h; PAGE_OFFSET itself is read from the image (_text).
"""
import gdb

TEXT_OFFSET = 0x8000
PMD_SIZE = 2 << 20
MODULES_SIZE = 16 << 20          # MODULES_VADDR = PAGE_OFFSET - 16 MiB
VMALLOC_END = 0xFF800000
FIXADDR_START, FIXADDR_END = 0xFFC00000, 0xFFF00000
VECTORS_BASE = 0xFFFF0000
PAGE_SIZE = 4096
PHYS_MASK = (1 << 40) - 1

TTBCR_EAE = 1 << 31
LEVEL_SHIFT = {1: 30, 2: 21, 3: 12}
LEVEL_SIZE = {1: "1 GiB", 2: "2 MiB", 3: "4 KiB"}
# Linux's LPAE MAIR index names (pgtable-hwdef.h MT_*).
MT_NAMES = {0: "MT_UNCACHED", 1: "MT_BUFFERABLE", 2: "MT_WRITETHROUGH", 3: "MT_WRITEBACK",
            4: "MT_DEV_SHARED", 7: "MT_WRITEALLOC"}
MAIR_ATTR = {0x00: "strongly-ordered", 0x04: "device", 0x44: "normal non-cacheable",
             0xAA: "normal write-through", 0xEE: "normal write-back",
             0xFF: "normal write-back write-allocate"}

# Physical reads switch the stub's mode; gdb must not serve them from a cache of virtual reads.
gdb.execute("set stack-cache off")
gdb.execute("set code-cache off")


def read_reg(name):
    """A register by name, unsigned, or None when this target has no such register."""
    try:
        value = gdb.selected_frame().read_register(name)
    except (ValueError, gdb.error):
        return None
    return int(value) & ((1 << (8 * value.type.sizeof)) - 1)  # gdb may type it signed


def translation_regs():
    """(TTBCR, TTBR0, TTBR1, MAIR0, MAIR1) of the bank the kernel uses.

    QEMU names the Secure bank's copies *_S.  vexpress boots the kernel in
    Secure SVC, virt (and --hyp) in Non-secure: the bank in use is the one
    whose TTBCR has EAE set."""
    for suffix in ("_S", ""):
        ttbcr = read_reg("TTBCR" + suffix)
        if ttbcr is not None and ttbcr & TTBCR_EAE:
            return (ttbcr, read_reg("TTBR0" + suffix), read_reg("TTBR1" + suffix),
                    read_reg("MAIR0" + suffix) or 0, read_reg("MAIR1" + suffix) or 0)
    raise gdb.GdbError("mer-walk: no TTBCR with EAE set: the MMU is not on in LPAE mode yet")


class PhysicalMode:
    """Within this block, memory reads through the stub use physical addresses."""

    def __enter__(self):
        gdb.execute("maint packet Qqemu.PhyMemMode:1", to_string=True)

    def __exit__(self, *exc):
        gdb.execute("maint packet Qqemu.PhyMemMode:0", to_string=True)


def read_phys(pa, size):
    if pa + size > 1 << 32:
        raise gdb.GdbError(f"physical 0x{pa:x} is above 4 GiB: gdb's ARM addresses are 32-bit")
    with PhysicalMode():
        return bytes(gdb.selected_inferior().read_memory(pa, size))


def walk_start(va, ttbcr, ttbr0, ttbr1):
    """(use_ttbr1, first level, table PA, index) as the MMU picks them (B3.6.4)."""
    t0sz, t1sz = ttbcr & 7, (ttbcr >> 16) & 7
    if t0sz:
        use_ttbr1 = va >= 1 << (32 - t0sz)
    else:
        use_ttbr1 = t1sz != 0 and va >= (1 << 32) - (1 << (32 - t1sz))
    tsz = t1sz if use_ttbr1 else t0sz
    table = (ttbr1 if use_ttbr1 else ttbr0) & PHYS_MASK & ~7
    if tsz >= 2:
        return use_ttbr1, 2, table, (va >> 21) & ((1 << (11 - tsz)) - 1)
    return use_ttbr1, 1, table, (va >> 30) & ((1 << (2 - tsz)) - 1)


def describe_leaf(desc, mair):
    idx = (desc >> 2) & 7
    attr = (mair >> (8 * idx)) & 0xFF
    parts = [
        "RO" if desc & (1 << 7) else "RW",
        "user" if desc & (1 << 6) else "kernel",
        "NX" if desc & (1 << 54) else "X",
        "PXN" if desc & (1 << 53) else "",
        "nG" if desc & (1 << 11) else "",
        "AF" if desc & (1 << 10) else "no-AF",
        f"AttrIndx={idx} {MT_NAMES.get(idx, '?')} (0x{attr:02x} {MAIR_ATTR.get(attr, '?')})",
    ]
    return " ".join(p for p in parts if p)


def walk(va):
    """(lines, pa, normal): one line per level, the last saying where va goes;
    pa is None when va is not mapped; normal is False for device memory."""
    ttbcr, ttbr0, ttbr1, mair0, mair1 = translation_regs()
    use_ttbr1, level, table, idx = walk_start(va, ttbcr, ttbr0, ttbr1)
    mair = mair0 | (mair1 << 32)
    lines = [f"VA 0x{va:08x}: TTBR{1 if use_ttbr1 else 0} = 0x{table:010x}, TTBCR = 0x{ttbcr:08x}"]
    while level <= 3:
        entry = table + idx * 8
        desc = int.from_bytes(read_phys(entry, 8), "little")
        head = f"  level {level} ({LEVEL_SIZE[level]}) [{idx:3d}] @ 0x{entry:010x} = 0x{desc:016x}"
        kind = desc & 3
        if kind == 0 or (level == 3 and kind != 3):  # 0b01 at level 3 is reserved
            lines.append(head + "  fault: not mapped")
            return lines, None, False
        if level < 3 and kind == 3:
            table = desc & PHYS_MASK & ~0xFFF
            lines.append(head + f"  table -> 0x{table:010x}")
            level += 1
            idx = (va >> LEVEL_SHIFT[level]) & 511
            continue
        shift = LEVEL_SHIFT[level]
        out = desc & PHYS_MASK & ~((1 << shift) - 1)
        pa = out | (va & ((1 << shift) - 1))
        lines.append(head + f"  {'page' if level == 3 else 'block'} 0x{out:010x} "
                     + describe_leaf(desc, mair))
        lines.append(f"=> VA 0x{va:08x} -> PA 0x{pa:010x}")
        attr = (mair >> (8 * ((desc >> 2) & 7))) & 0xFF
        return lines, pa, attr & 0xF0 != 0  # MAIR 0x0X: device or strongly-ordered
    return lines, None, False


def address_of(expr):
    """The value of expr as a 32-bit address; arrays and functions (_text) decay."""
    value = gdb.parse_and_eval(expr)
    if value.type.strip_typedefs().code in (gdb.TYPE_CODE_ARRAY, gdb.TYPE_CODE_FUNC):
        value = value.address
    return int(value.cast(gdb.lookup_type("unsigned long"))) & 0xFFFFFFFF


class MerWalk(gdb.Command):
    """mer-walk ADDR: walk the LPAE tables for virtual address ADDR (any expression)."""

    def __init__(self):
        super().__init__("mer-walk", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            raise gdb.GdbError("usage: mer-walk ADDR")
        va = address_of(arg)
        lines, pa, normal = walk(va)
        for line in lines:
            gdb.write(line + "\n")
        # Device registers are not read: a read can have side effects.
        if pa is not None and normal and pa + 16 <= 1 << 32:
            self.cross_check(va, pa)

    @staticmethod
    def cross_check(va, pa):
        """The walk's answer, tested: the same bytes through the VA (the CPU's MMU) and the PA."""
        try:
            by_va = bytes(gdb.selected_inferior().read_memory(va, 16))
        except gdb.MemoryError:
            gdb.write("check: the VA does not read through the stub\n")
            return
        same = by_va == read_phys(pa, 16)
        gdb.write(f"check: 16 bytes at the VA and at the PA {'match' if same else 'DIFFER'}\n")


def sym_addr(name):
    return int(gdb.parse_and_eval(f"(unsigned long)&{name}")) & 0xFFFFFFFF


def layout_lines():
    """layout_print()'s block (mm/layout.c), from mem_layout and the section symbols."""
    ml = gdb.parse_and_eval("mem_layout")
    page_offset = sym_addr("_text") - TEXT_OFFSET
    high_memory, vmalloc_start = int(ml["high_memory"]), int(ml["vmalloc_start"])
    modules, pkmap = page_offset - MODULES_SIZE, page_offset - PMD_SIZE

    def kb(name, b, t, roundup=False):
        size = (t - b + 1023) >> 10 if roundup else (t - b) >> 10
        return f"    {name} : 0x{b:08x} - 0x{t:08x}   ({size:4d} kB)"

    def mb(name, b, t):
        return f"    {name} : 0x{b:08x} - 0x{t:08x}   ({(t - b) >> 20:4d} MB)"

    def sec(name, start, end):
        return kb(name, sym_addr(start), sym_addr(end), roundup=True)

    return ["Virtual kernel memory layout:",
            kb("vector ", VECTORS_BASE, VECTORS_BASE + PAGE_SIZE),
            kb("fixmap ", FIXADDR_START, FIXADDR_END),
            mb("vmalloc", vmalloc_start, VMALLOC_END),
            mb("lowmem ", page_offset, high_memory),
            mb("pkmap  ", pkmap, page_offset),
            mb("modules", modules, pkmap),
            sec("  .text", "_text", "_etext"),
            sec("  .init", "__init_begin", "__init_end"),
            sec("  .data", "_sdata", "_edata"),
            sec("   .bss", "__bss_start", "__bss_stop")]


class MerLayout(gdb.Command):
    """mer-layout: the virtual kernel memory layout, from the kernel's symbols."""

    def __init__(self):
        super().__init__("mer-layout", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        ml = gdb.parse_and_eval("mem_layout")
        for line in layout_lines():
            gdb.write(line + "\n")
        gdb.write(f"  PHYS_OFFSET 0x{int(ml['phys_offset']):x}, lowmem_limit "
                  f"0x{int(ml['lowmem_limit']):x}, RAM end 0x{int(ml['ram_end']):x}\n")


def rb_inorder(root, limit):
    """The nodes of a struct rb_node tree in order; stops with an error past limit nodes."""
    stack, node, seen = [], root, 0
    while stack or int(node):
        while int(node):
            stack.append(node)
            node = node["left"]
        node = stack.pop()
        seen += 1
        if seen > limit:
            raise gdb.GdbError("mer-vmalloc: more nodes than nr_busy: the tree is corrupt")
        yield node
        node = node["right"]


def field_offset(type_name, field):
    return next(f.bitpos // 8 for f in gdb.lookup_type(type_name).fields() if f.name == field)


def caller_name(addr):
    """addr as the kernel's %pS prints it: function+0xoff/0xsize, naming the
    function that holds the code (not one inlined into it), as kallsyms does."""
    block = gdb.current_progspace().block_for_pc(addr)
    outer = None
    while block is not None and not (block.is_static or block.is_global):
        if block.function is not None:
            outer = block
        block = block.superblock
    if outer is None:
        return f"0x{addr:08x}"
    return f"{outer.function.name}+0x{addr - outer.start:x}/0x{outer.end - outer.start:x}"


class MerVmalloc(gdb.Command):
    """mer-vmalloc: the vmalloc areas, from vmap_space's busy tree, as /proc/vmallocinfo."""

    def __init__(self):
        super().__init__("mer-vmalloc", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        space = gdb.parse_and_eval("vmap_space")
        # container_of: rb_node in va_busy, va_busy in vm_struct.
        back = field_offset("struct va_busy", "rb") + field_offset("struct vm_struct", "va")
        vm_ptr = gdb.lookup_type("struct vm_struct").pointer()
        flags = {1: "ioremap", 2: "vmalloc", 4: "vmap"}
        for node in rb_inorder(space["busy_root"], int(space["nr_busy"])):
            vm = gdb.Value(int(node) - back).cast(vm_ptr).dereference()
            start, size = int(vm["va"]["start"]), int(vm["size"])
            line = f"0x{start:08x}-0x{start + size:08x} {size:8d} {caller_name(int(vm['caller']))}"
            if int(vm["nr_pages"]):
                line += f" pages={int(vm['nr_pages'])}"
            if int(vm["flags"]) & 1:
                line += f" phys=0x{int(vm['phys_addr']):08x}"
            line += "".join(f" {n}" for bit, n in flags.items() if int(vm["flags"]) & bit)
            gdb.write(line + "\n")


MerWalk()
MerLayout()
MerVmalloc()
