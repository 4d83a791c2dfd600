// The kiosk page: sends questions to /api/chat and shows the replies.
// Everything the patient types is shown with textContent, never as HTML.
"use strict";

(function () {
  const config = JSON.parse(document.body.dataset.config);
  const words = config.words;
  const conversation = document.getElementById("conversation");
  const welcome = document.getElementById("welcome");
  const form = document.getElementById("ask");
  const input = document.getElementById("question");
  const printButton = document.getElementById("print");
  const autoRead = document.getElementById("auto-read");
  const speech = "speechSynthesis" in window ? window.speechSynthesis : null;
  let sessionId = null;
  let idleTimer = null;
  let busy = false;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(className, text, onClick) {
    const node = element("button", className, text);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function paragraphs(parent, text) {
    for (const part of text.split(/\n+/)) {
      if (part.trim()) parent.appendChild(element("p", "", part));
    }
  }

  // -- text size: three sizes, the layout reflows -------------------------------------------

  function setSize(size) {
    document.documentElement.dataset.size = String(size);
    for (const choice of document.querySelectorAll("button.size")) {
      choice.setAttribute("aria-pressed", String(choice.dataset.size === String(size)));
    }
  }

  // -- read aloud: the browser's own voices, nothing leaves the machine ------------------------

  function voiceFor(language) {
    if (!speech || !language) return null;
    const voices = speech.getVoices();
    return (
      voices.find((voice) => voice.lang.toLowerCase() === language.toLowerCase()) ||
      voices.find((voice) => voice.lang.toLowerCase().split(/[-_]/)[0] === language.toLowerCase()) ||
      null
    );
  }

  function stopReading() {
    if (speech) speech.cancel();
    for (const reading of document.querySelectorAll("button.read[aria-pressed=true]")) {
      reading.setAttribute("aria-pressed", "false");
      reading.textContent = words.read_aloud;
    }
  }

  function read(article, control) {
    const voice = voiceFor(article.lang);
    if (!voice) return;
    stopReading();
    const utterance = new SpeechSynthesisUtterance(article.dataset.spoken);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    if (control) {
      control.setAttribute("aria-pressed", "true");
      control.textContent = words.stop_reading;
      utterance.addEventListener("end", () => {
        control.setAttribute("aria-pressed", "false");
        control.textContent = words.read_aloud;
      });
    }
    speech.speak(utterance);
  }

  // A button shows only where a voice for the reply's language is installed: hidden, never broken.
  function showVoices() {
    for (const control of document.querySelectorAll("button.read")) {
      control.hidden = !voiceFor(control.closest("article").lang);
    }
    autoRead.hidden = !voiceFor(config.language);
  }

  // -- the conversation ----------------------------------------------------------------------

  function showQuestion(text) {
    const bubble = element("div", "message patient");
    bubble.appendChild(element("span", "visually-hidden", words.you_asked + " "));
    bubble.appendChild(element("p", "", text));
    conversation.appendChild(bubble);
  }

  function feedback(reply) {
    const box = element("div", "feedback");
    const question = element("p", "", words.helpful);
    box.appendChild(question);
    const answer = (helpful) => async () => {
      box.replaceChildren(element("p", "thanks", words.thanks));
      try {
        await fetch("/api/feedback", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ topic: reply.intents[0] || null, kind: reply.kind, helpful: helpful }),
        });
      } catch (error) {
        // A lost tap is not worth troubling a patient about.
      }
    };
    const row = element("div", "row");
    // Words, not 👍 / 👎: a kiosk without a colour emoji font would show empty boxes.
    row.appendChild(button("vote", words.yes, answer(true)));
    row.appendChild(button("vote", words.no, answer(false)));
    box.appendChild(row);
    return box;
  }

  function showReply(reply) {
    const article = element("article", "message bot " + reply.kind);
    // A reply may be in another language than the page: screen readers then read it in its own.
    article.lang = reply.language || config.language;
    const spoken = [];
    if (reply.kind === "emergency") {
      // The alert role goes on a plain container inside the article: ARIA does not allow
      // it on <article> itself, and screen readers announce an alert at once.
      const alert = element("div", "alert");
      alert.setAttribute("role", "alert");
      alert.appendChild(element("h2", "alert-title", words.get_help));
      paragraphs(alert, reply.body);
      // A kiosk has no phone to dial from: show the number big rather than as a link.
      alert.appendChild(element("p", "call", words.tell_staff));
      article.appendChild(alert);
      spoken.push(words.get_help, reply.body, words.tell_staff);
    } else {
      if (reply.title) article.appendChild(element("h2", "", reply.title));
      const bodyText = reply.kind === "clarify" ? reply.body.split("\n")[0] : reply.body;
      // The quotes are shown below as quotes, so their lines in the body are left out.
      const lines = bodyText.split("\n").filter((line) => !config.citePrefixes.some((p) => line.startsWith(p)));
      paragraphs(article, lines.join("\n"));
      spoken.push(reply.title, lines.join("\n"));
      for (const source of reply.sources || []) {
        const quote = element("blockquote", "source");
        const original = element("p", "", "\u201c" + source.quote + "\u201d");
        original.lang = config.baseLanguage;
        quote.appendChild(original);
        if (source.translation) quote.appendChild(element("p", "translation", "\u201c" + source.translation + "\u201d"));
        quote.appendChild(element("cite", "", words.source + " " + source.section));
        article.appendChild(quote);
      }
      if (reply.suggestions && reply.suggestions.length && reply.kind !== "fallback" && reply.kind !== "smalltalk") {
        const list = element("div", "choices");
        reply.suggestions.forEach((label, index) => {
          const text = reply.kind === "clarify" ? index + 1 + ". " + label : label;
          list.appendChild(button("choice", text, () => ask(label)));
        });
        article.appendChild(list);
      }
      if (reply.reminder) {
        article.appendChild(element("p", "reminder", reply.reminder));
        spoken.push(reply.reminder);
      }
      if (config.feedback && (reply.kind === "answer" || reply.kind === "not_covered")) {
        article.appendChild(feedback(reply));
      }
    }
    article.dataset.spoken = spoken.filter(Boolean).join("\n");
    const reading = button("read", words.read_aloud, () =>
      reading.getAttribute("aria-pressed") === "true" ? stopReading() : read(article, reading),
    );
    reading.setAttribute("aria-pressed", "false");
    reading.hidden = !voiceFor(article.lang);
    article.appendChild(reading);
    conversation.appendChild(article);
    printButton.hidden = !conversation.querySelector("article.answer, article.not_covered");
    article.scrollIntoView({ behavior: "smooth", block: "start" });
    if (autoRead.getAttribute("aria-pressed") === "true") read(article, reading);
  }

  function showProblem(text) {
    const article = element("article", "message bot problem");
    article.appendChild(element("p", "", text));
    conversation.appendChild(article);
  }

  async function ask(message) {
    message = message.trim();
    if (!message || busy) return;
    busy = true;
    stopReading(); // a new question silences the last answer
    welcome.hidden = true;
    showQuestion(message);
    try {
      const response = await fetch("/api/chat", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ message: message, session_id: sessionId, language: config.language }),
      });
      const data = await response.json();
      if (!response.ok) {
        showProblem(data.detail || words.error);
      } else {
        sessionId = data.session_id;
        showReply(data);
      }
    } catch (error) {
      showProblem(words.offline);
    } finally {
      busy = false;
      restartIdleTimer();
    }
  }

  async function startOver() {
    stopReading();
    const previous = sessionId;
    sessionId = null;
    conversation.replaceChildren(); // the printout goes with it
    printButton.hidden = true;
    welcome.hidden = false;
    input.value = "";
    window.scrollTo(0, 0);
    if (previous) {
      try {
        await fetch("/api/reset", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ session_id: previous }),
        });
      } catch (error) {
        // The conversation is already gone from the screen; the token expires by itself.
      }
    }
    document.body.dataset.resetAt = String(Date.now());
  }

  function restartIdleTimer() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (sessionId || conversation.childElementCount) startOver();
      stopReading();
      // The next patient finds the page as the clinic set it: normal text, not read aloud,
      // in the clinic's first language.
      setSize(0);
      autoRead.setAttribute("aria-pressed", "false");
      if (config.language !== config.baseLanguage) window.location.assign("/");
    }, config.idleSeconds * 1000);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const message = input.value;
    input.value = "";
    ask(message);
  });
  document.getElementById("start-over").addEventListener("click", () => {
    startOver();
    input.focus();
  });
  printButton.addEventListener("click", () => window.print());
  for (const choice of document.querySelectorAll("button.size")) {
    choice.addEventListener("click", () => setSize(choice.dataset.size));
  }
  autoRead.addEventListener("click", () => {
    const on = autoRead.getAttribute("aria-pressed") !== "true";
    autoRead.setAttribute("aria-pressed", String(on));
    if (!on) stopReading();
  });
  for (const topic of document.querySelectorAll("button.topic")) {
    topic.addEventListener("click", () => ask(topic.dataset.message));
  }
  for (const name of ["pointerdown", "keydown", "input", "touchstart", "wheel"]) {
    document.addEventListener(name, restartIdleTimer, { passive: true });
  }
  document.body.classList.toggle("print-questions", Boolean(config.printQuestions));
  if (speech) {
    speech.addEventListener("voiceschanged", showVoices);
    showVoices();
  }
  restartIdleTimer();
})();
