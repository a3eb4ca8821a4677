# A boot script that puts the DTB right behind the image it loads (at the
# end the zImage header gives, word 0x2c, as bootz checks) and boots it in
# place.  The DTB does not overlap where the kernel runs (PHYS_OFFSET +
# 32 KiB, far below kernel_addr_r), but it does overlap the scratch space
# past the loaded image where head.S copies its relocation loop: the
# kernel must move the DTB before that copy.
setenv bootargs '@BOOTARGS@'
setenv fdt_high 0xffffffff
setenv initrd_high 0xffffffff
load ${devtype} ${devnum}:${distro_bootpart} ${ramdisk_addr_r} initramfs.cpio
setenv rd ${ramdisk_addr_r}:${filesize}
if load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} meridian.bin; then
	setexpr end ${kernel_addr_r} + 2c
	setexpr.l end *${end}
	setexpr dtb ${kernel_addr_r} + ${end}
	echo "Meridian: DTB at ${dtb}, right behind the image"
	load ${devtype} ${devnum}:${distro_bootpart} ${dtb} vexpress-a15.dtb
	bootz ${kernel_addr_r} ${rd} ${dtb}
fi
echo "Meridian: U-Boot could not boot meridian.bin"
reset
