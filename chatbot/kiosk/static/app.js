// The kiosk page: sends questions to /api/chat and shows the replies.
// Everything the patient types is shown with textContent, never as HTML.
"use strict";

(function () {
  const config = JSON.parse(document.body.dataset.config);
  const conversation = document.getElementById("conversation");
  const welcome = document.getElementById("welcome");
  const form = document.getElementById("ask");
  const input = document.getElementById("question");
  let sessionId = null;
  let idleTimer = null;
  let busy = false;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function paragraphs(parent, text) {
    for (const part of text.split(/\n+/)) {
      if (part.trim()) parent.appendChild(element("p", "", part));
    }
  }

  function choiceButton(label, message) {
    const button = element("button", "choice", label);
    button.type = "button";
    button.addEventListener("click", () => ask(message));
    return button;
  }

  function showQuestion(text) {
    const bubble = element("div", "message patient");
    bubble.appendChild(element("span", "visually-hidden", config.words.you_asked + " "));
    bubble.appendChild(element("p", "", text));
    conversation.appendChild(bubble);
  }

  function showReply(reply) {
    const article = element("article", "message bot " + reply.kind);
    // A reply may be in another language than the page: screen readers then read it in its own.
    if (reply.language) article.lang = reply.language;
    if (reply.kind === "emergency") {
      // The alert role goes on a plain container inside the article: ARIA does not allow
      // it on <article> itself, and screen readers announce an alert at once.
      const alert = element("div", "alert");
      alert.setAttribute("role", "alert");
      alert.appendChild(element("h2", "alert-title", config.words.get_help));
      paragraphs(alert, reply.body);
      // A kiosk has no phone to dial from: show the number big rather than as a link.
      alert.appendChild(element("p", "call", config.words.tell_staff));
      article.appendChild(alert);
    } else {
      if (reply.title) article.appendChild(element("h2", "", reply.title));
      const bodyText = reply.kind === "clarify" ? reply.body.split("\n")[0] : reply.body;
      // The quotes are shown below as quotes, so their lines in the body are left out.
      const lines = bodyText.split("\n").filter((line) => !config.citePrefixes.some((p) => line.startsWith(p)));
      paragraphs(article, lines.join("\n"));
      for (const source of reply.sources || []) {
        const quote = element("blockquote", "source");
        const original = element("p", "", "\u201c" + source.quote + "\u201d");
        original.lang = config.baseLanguage;
        quote.appendChild(original);
        if (source.translation) quote.appendChild(element("p", "translation", "\u201c" + source.translation + "\u201d"));
        quote.appendChild(element("cite", "", config.words.source + " " + source.section));
        article.appendChild(quote);
      }
      if (reply.suggestions && reply.suggestions.length && reply.kind !== "fallback" && reply.kind !== "smalltalk") {
        const list = element("div", "choices");
        reply.suggestions.forEach((label, index) => {
          const text = reply.kind === "clarify" ? index + 1 + ". " + label : label;
          list.appendChild(choiceButton(text, label));
        });
        article.appendChild(list);
      }
      if (reply.reminder) article.appendChild(element("p", "reminder", reply.reminder));
    }
    conversation.appendChild(article);
    article.scrollIntoView({ behavior: "smooth", block: "start" });
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
        showProblem(data.detail || config.words.error);
      } else {
        sessionId = data.session_id;
        showReply(data);
      }
    } catch (error) {
      showProblem(config.words.offline);
    } finally {
      busy = false;
      restartIdleTimer();
    }
  }

  async function startOver() {
    const previous = sessionId;
    sessionId = null;
    conversation.replaceChildren();
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
      // The next patient finds the page in the clinic's first language.
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
  for (const button of document.querySelectorAll("button.topic")) {
    button.addEventListener("click", () => ask(button.dataset.message));
  }
  for (const name of ["pointerdown", "keydown", "input", "touchstart", "wheel"]) {
    document.addEventListener(name, restartIdleTimer, { passive: true });
  }
  restartIdleTimer();
})();
