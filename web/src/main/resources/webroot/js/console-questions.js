// The families' questions on the console: the sitting's list as it stands, then each new or answered one as the
// hub publishes it on the session's live address; the instructor marks one answered with its button.

const $ = (id) => document.getElementById(id);
const TIME = new Intl.DateTimeFormat(document.body.dataset.lang === 'en' ? 'en-GB' : 'fr-FR',
  { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' });

export class ConsoleQuestions {
  constructor(sessionId, api) {
    this.sessionId = sessionId;
    this.api = api;
    this.root = $('questions');
    this.texts = this.root.dataset;
    this.date = null;
    this.questions = new Map();
  }

  /** The sitting the console shows: its questions, read anew when it changes (or after a reconnection). */
  async follow(date, force = false) {
    if (!date || (date === this.date && !force)) {
      return;
    }
    this.date = date;
    const answer = await this.api('GET', `/sessions/${this.sessionId}/questions?date=${date}`);
    this.questions.clear();
    answer.items.forEach((question) => this.questions.set(question.id, question));
    this.draw();
  }

  /** A question heard on the live address. */
  heard(question) {
    if (question.sittingDate !== this.date) {
      return;
    }
    this.questions.set(question.id, question);
    this.draw();
  }

  draw() {
    this.root.hidden = false;
    const list = $('question-list');
    const all = [...this.questions.values()].sort((a, b) => a.askedAt.localeCompare(b.askedAt));
    $('questions-none').hidden = all.length > 0;
    list.replaceChildren(...all.map((question) => this.item(question)));
  }

  item(question) {
    const item = document.createElement('li');
    item.className = question.answered ? 'question answered' : 'question';
    item.dataset.question = question.id;
    const who = document.createElement('p');
    who.className = 'question-who';
    const name = document.createElement('strong');
    name.textContent = question.displayName;
    const time = document.createElement('time');
    time.dateTime = question.askedAt;
    time.textContent = ` · ${TIME.format(new Date(question.askedAt))}`;
    who.append(name, time);
    const text = document.createElement('p');
    text.className = 'question-text';
    text.textContent = question.text;
    item.append(who, text);
    if (question.answered) {
      const mark = document.createElement('p');
      mark.className = 'question-mark';
      mark.textContent = `✓ ${this.texts.textAnswered}`;
      item.append(mark);
    } else {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button quiet';
      button.textContent = this.texts.textAnswer;
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          this.heard(await this.api('POST', `/sessions/${this.sessionId}/questions/${question.id}/answered`));
        } catch {
          button.disabled = false;
        }
      });
      item.append(button);
    }
    return item;
  }
}
