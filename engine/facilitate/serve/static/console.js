// accord exercise console: live updates and forms. No library, no build step.
// The server draws every region of the page; this script only puts them in place when the
// session changes (server-sent events, which reconnect by themselves), keeps each form's
// state version current, sends forms without leaving the page, and shows the event type's
// own fields in the ad-hoc inject form. Text from the server is set as text, never as HTML,
// except the regions, which the server has escaped.
"use strict";

(function () {
  const body = document.body;
  const connection = document.getElementById("connection");

  function setVersion(version) {
    body.dataset.version = String(version);
    for (const input of document.querySelectorAll('input[name="version"]')) {
      input.value = String(version);
    }
  }

  function setConnection(text, state) {
    if (connection) {
      connection.textContent = text;
      connection.dataset.state = state;
    }
  }

  function connect() {
    if (!connection || connection.dataset.state === undefined) {
      setConnection("connecting…", "connecting");  // the page says "reload" for a browser without this script
    }
    const source = new EventSource(body.dataset.events);
    source.addEventListener("open", function () { setConnection("live", "live"); });
    source.addEventListener("error", function () {
      setConnection("reconnecting…", "down");
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 1000);
      }
    });
    source.addEventListener("message", function (event) {
      const data = JSON.parse(event.data);
      for (const [id, html] of Object.entries(data.regions)) {
        const region = document.getElementById(id);
        if (region) {
          region.innerHTML = html;
        }
      }
      setVersion(data.version);
      body.dataset.serial = String(data.serial);
      setConnection("live", "live");
    });
  }

  function showReply(form, reply) {
    const list = document.getElementById("feedback");
    if (!list) {
      return;
    }
    list.replaceChildren();
    for (const message of reply.messages) {
      const item = document.createElement("li");
      item.className = message.level;
      item.textContent = message.text;
      list.append(item);
    }
    if (reply.ok && reply.messages.length === 0) {
      const item = document.createElement("li");
      item.className = "info";
      item.textContent = "done: " + reply.command;
      list.append(item);
    }
  }

  async function send(form) {
    const fields = new URLSearchParams(new FormData(form));
    let reply;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: fields, credentials: "omit", headers: { "Accept": "application/json" },
      });
      reply = await response.json();
    } catch (error) {
      reply = { ok: false, messages: [{ level: "error", text: "the server did not answer: " + error }] };
    }
    if (reply.ok && form.hasAttribute("data-reset")) {
      form.reset();
      showFields();
    }
    if (reply.version !== undefined) {
      setVersion(reply.version);
    }
    showReply(form, reply);
  }

  function showFields() {
    const select = document.getElementById("inject-event");
    if (!select) {
      return;
    }
    for (const fieldset of document.querySelectorAll("fieldset[data-event]")) {
      const shown = fieldset.dataset.event === select.value;
      fieldset.hidden = !shown;
      fieldset.disabled = !shown;
    }
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-live")) {
      event.preventDefault();
      send(form);
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "inject-event") {
      showFields();
    }
  });
  showFields();
  connect();
}());
