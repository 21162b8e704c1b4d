// A join page follows its link's sitting: when the instructor starts it, the waiting page becomes the
// room; when they end it, the room says so; a cancelled sitting's page opens when the next one does.
// The hub sends what the link opens now as server-sent events; the page reloads when that differs
// from what it shows. Without JavaScript the page still refreshes on its own schedule.
const follow = document.getElementById('sitting-follow');
if (follow && 'EventSource' in window) {
  const events = new EventSource(follow.dataset.events);
  events.addEventListener('state', (event) => {
    if (event.data !== follow.dataset.state) {
      events.close();
      window.location.reload();
    }
  });
}
