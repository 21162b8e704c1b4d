// Waiting page: counts down to the opening of the room, then reloads, which shows the room.
const time = document.getElementById('countdown');
if (time) {
  const opensAt = Date.parse(time.dateTime);
  const lang = document.documentElement.lang || 'fr';
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });

  const tick = () => {
    const seconds = Math.round((opensAt - Date.now()) / 1000);
    if (seconds <= 0) {
      time.textContent = format.format(0, 'second');
      window.location.reload();
      return;
    }
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = seconds % 60;
    time.textContent = hours > 0
      ? `${hours} h ${String(minutes).padStart(2, '0')} min`
      : `${minutes} min ${String(rest).padStart(2, '0')} s`;
    setTimeout(tick, 1000 - (Date.now() % 1000));
  };
  tick();
}
