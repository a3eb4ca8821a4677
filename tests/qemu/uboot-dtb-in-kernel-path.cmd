# A boot script that leaves the DTB where the kernel will run: loaded at
# PHYS_OFFSET + 64 KiB and booted in place (fdt_high = 0xffffffff), while
# bootz runs the image from kernel_addr_r.  The kernel must move the DTB
# before it copies itself to PHYS_OFFSET + 32 KiB.
setenv bootargs '@BOOTARGS@'
setenv fdt_high 0xffffffff
setenv initrd_high 0xffffffff
load ${devtype} ${devnum}:${distro_bootpart} ${ramdisk_addr_r} initramfs.cpio
setenv rd ${ramdisk_addr_r}:${filesize}
load ${devtype} ${devnum}:${distro_bootpart} 0x80010000 vexpress-a15.dtb
if load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} meridian.bin; then
	bootz ${kernel_addr_r} ${rd} 0x80010000
fi
echo "Meridian: U-Boot could not boot meridian.bin"
reset
