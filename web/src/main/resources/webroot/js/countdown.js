// Waiting page: counts down to the opening of the room, then reloads, which shows the room.
// The hub's clock decides when the room opens, and a phone's clock may be minutes off: the count
// starts from the hub's time when it sent the page, and only the time elapsed since is the phone's.
const time = document.getElementById('countdown');
if (time) {
  const opensAt = Date.parse(time.dateTime);
  const skew = Date.parse(time.dataset.now) - Date.now();
  const now = () => Date.now() + skew;

  const tick = () => {
    // Rounded up, so that the page reloads once the room is open, not half a second before.
    const seconds = Math.max(0, Math.ceil((opensAt - now()) / 1000));
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = seconds % 60;
    const two = (n) => String(n).padStart(2, '0');
    time.textContent = hours > 0
      ? time.dataset.hours.replace('{h}', hours).replace('{m}', two(minutes))
      : time.dataset.seconds.replace('{m}', minutes).replace('{s}', two(rest));
    if (seconds === 0) {
      window.location.reload();
      return;
    }
    setTimeout(tick, 1000 - (now() % 1000));
  };
  tick();
}
