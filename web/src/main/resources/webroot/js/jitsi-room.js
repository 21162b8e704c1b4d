// Open room in JITSI mode: embeds the conference with Jitsi's external API and tells the hub when
// this person joins and leaves (home attendance).
const room = document.getElementById('room');
const data = room.dataset;
const audioOnly = data.audioOnly === 'true';

const report = (event) => {
  const body = JSON.stringify({ event });
  if (event === 'left' && navigator.sendBeacon) {
    navigator.sendBeacon(data.attendance, new Blob([body], { type: 'application/json' }));
    return;
  }
  fetch(data.attendance, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, keepalive: true })
    .catch(() => { /* attendance is best effort: the class goes on */ });
};

const api = new window.JitsiMeetExternalAPI(data.domain, {
  roomName: data.room,
  jwt: data.jwt,
  parentNode: room,
  lang: data.lang,
  width: '100%',
  height: '100%',
  userInfo: { displayName: data.name },
  configOverwrite: audioOnly
    ? { startAudioOnly: true, startWithVideoMuted: true, resolution: 180,
        constraints: { video: { height: { ideal: 180, max: 180 } } } }
    : { resolution: 360, constraints: { video: { height: { ideal: 360, max: 360 } } } },
});
if (audioOnly) {
  api.executeCommand('setVideoQuality', 180);
}
api.addListener('videoConferenceJoined', () => report('joined'));
api.addListener('videoConferenceLeft', () => report('left'));
window.addEventListener('pagehide', () => report('left'));
