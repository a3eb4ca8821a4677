# A boot script that never boots and never resets: ./meridian run must
# stop the guest at --timeout and say so, with status 124, also on the
# --boot uboot path (which keeps a copy of the console).
echo "Meridian: this boot script waits forever"
sleep 1000000
