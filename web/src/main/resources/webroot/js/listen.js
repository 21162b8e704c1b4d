// The "Listen" button: reads the page's essential text (its data-say, short plain sentences) aloud in the
// page's language with the browser's speech synthesis. It picks a voice of that language where the device has
// one and says so plainly where it has none (or where the browser cannot speak at all).
const LANGUAGE = document.documentElement.lang;

function voiceFor(language) {
  return window.speechSynthesis.getVoices().find((voice) => voice.lang.toLowerCase().split(/[-_]/)[0] === language);
}

function tell(button, text) {
  const note = document.getElementById(button.getAttribute('aria-describedby'));
  if (note) {
    note.textContent = text;
    note.hidden = false;
  }
}

function read(button) {
  const synthesis = window.speechSynthesis;
  if (synthesis.speaking) {
    synthesis.cancel();
    return;
  }
  const utterance = new SpeechSynthesisUtterance(button.dataset.say);
  utterance.lang = LANGUAGE;
  const voice = voiceFor(LANGUAGE);
  if (voice) {
    utterance.voice = voice;
  } else {
    tell(button, button.dataset.noVoice);
  }
  synthesis.speak(utterance);
}

for (const button of document.querySelectorAll('button.listen')) {
  if (!('speechSynthesis' in window)) {
    button.disabled = true;
    tell(button, button.dataset.noSpeech);
    continue;
  }
  // Some browsers load their voices late: asking once starts the loading before the first press.
  window.speechSynthesis.getVoices();
  button.hidden = false;
  button.addEventListener('click', () => read(button));
}
