// A join page follows its link's sitting: when the instructor starts it, the waiting page becomes the
// room; when they end it, the room says so; a cancelled sitting's page opens when the next one does.
// The hub sends what the link opens now as server-sent events; the page reloads when that differs
// from what it shows. A waiting list's place frees up without any sitting event: that page reconnects
// now and then, and the hub sends the state anew as it does. Without JavaScript the page offers a link
// to look again.
const follow = document.getElementById('sitting-follow');
if (follow && 'EventSource' in window) {
  let events = null;
  const listen = () => {
    events?.close();
    events = new EventSource(follow.dataset.events);
    events.addEventListener('state', (event) => {
      if (event.data !== follow.dataset.state) {
        events.close();
        window.location.reload();
      }
    });
  };
  listen();
  const recheck = Number(follow.dataset.recheck);
  if (recheck > 0) {
    setInterval(listen, recheck * 1000);
  }
}
