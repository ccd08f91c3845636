// The editing page of a conference record: keyboard shortcuts, unit pickers, moving items.
(() => {
  "use strict";

  // Ctrl+Enter (or Cmd+Enter) saves the form being typed in; Esc cancels it.
  document.addEventListener("keydown", (event) => {
    const form = event.target.closest && event.target.closest(".fw-item-form");
    if (!form) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      // Through htmx, never as a plain page submission (a form swapped in a moment ago may not be
      // wired up yet: process() does it now).
      window.htmx.process(form);
      window.htmx.trigger(form, "submit");
    } else if (event.key === "Escape") {
      const cancel = form.querySelector("[data-cancel]");
      if (cancel) {
        event.preventDefault();
        cancel.click();
      }
    }
  });

  // Same for Enter in a field of a form that htmx has not wired up yet: never a plain submission.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!event.isTrusted || event.defaultPrevented || !form.matches(".fw-item-form")) return;
    event.preventDefault();
    window.htmx.process(form);
    window.htmx.trigger(form, "submit");
  });

  document.addEventListener("click", (event) => {
    // "Chọn cả nhóm": tick every visible unit of the group, or untick them if all are ticked.
    const groupButton = event.target.closest("[data-select-group]");
    if (groupButton) {
      const group = groupButton.closest(".fw-unit-group");
      const boxes = [...group.querySelectorAll(".fw-unit-option:not(.fw-hidden) input[type=checkbox]")];
      const all = boxes.every((box) => box.checked);
      boxes.forEach((box) => { box.checked = !all; });
      return;
    }
    const remove = event.target.closest("[data-remove-item]");
    if (remove) {
      const item = remove.closest(".fw-item");
      if (item) item.remove();
    }
  });

  // The form of a text that the unit filter compares: no diacritics (đ → d), lower case, as the
  // server's search_key does ("hoa an" finds "Hòa An").
  const searchKey = (text) =>
    text.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLocaleLowerCase("vi").split(/\s+/).filter(Boolean).join(" ");

  // Filter a unit picker by name.
  document.addEventListener("input", (event) => {
    if (!event.target.matches("[data-unit-filter]")) return;
    const needle = searchKey(event.target.value);
    const picker = event.target.closest(".fw-unit-picker");
    picker.querySelectorAll(".fw-unit-group").forEach((group) => {
      let shown = 0;
      group.querySelectorAll(".fw-unit-option").forEach((option) => {
        const hit = !needle || searchKey(option.textContent).includes(needle);
        option.classList.toggle("fw-hidden", !hit);
        if (hit) shown += 1;
      });
      group.classList.toggle("fw-hidden", shown === 0);
    });
  });
  // Enter in the filter box must not submit the form.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("[data-unit-filter]")) event.preventDefault();
  });

  // An attendance group lists only the units of its kind ("Mặt trận cấp huyện" → district committees).
  const showGroupUnits = (select) => {
    const form = select.closest("form");
    const kinds = JSON.parse(select.dataset.unitKinds)[select.value];
    if (!form) return;
    form.querySelectorAll(".fw-unit-group").forEach((group) => {
      group.classList.toggle("fw-off", Boolean(kinds) && !kinds.includes(group.dataset.kind));
    });
  };
  // Propose the report's wording for the group, unless the user has written their own.
  const proposeDescription = (select) => {
    const field = select.closest("form").querySelector("[name$='-description']");
    const proposals = JSON.parse(select.dataset.descriptions || "{}");
    if (!field) return;
    const proposed = Object.values(proposals);
    if (field.value.trim() === "" || proposed.includes(field.value)) {
      field.value = proposals[select.value] || "";
    }
  };
  document.addEventListener("change", (event) => {
    if (event.target.matches("select[data-unit-kinds]")) {
      showGroupUnits(event.target);
      proposeDescription(event.target);
    }
  });
  document.addEventListener("htmx:load", (event) => {
    event.detail.elt.querySelectorAll("select[data-unit-kinds]").forEach(showGroupUnits);
  });

  // A refused or failed request says so instead of doing nothing. The (translated) messages
  // come from the page: data-msg-* on #fw-editor.
  const flash = (key) => {
    const editor = document.getElementById("fw-editor");
    if (!editor) return;
    const alert = document.createElement("div");
    alert.className = "alert alert-danger fw-flash";
    alert.setAttribute("role", "alert");
    alert.textContent = editor.dataset[key] || editor.dataset.msgFailed;
    document.querySelectorAll(".fw-flash").forEach((old) => old.remove());
    editor.prepend(alert);
  };
  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    flash(status === 403 ? "msgForbidden" : status === 404 ? "msgGone" : "msgFailed");
  });
  document.addEventListener("htmx:sendError", () => flash("msgOffline"));

  // Moving an item moves its element on the page, so forms open elsewhere keep what was typed.
  document.addEventListener("htmx:afterRequest", (event) => {
    const button = event.detail.elt;
    if (!button.dataset || !button.dataset.move || !event.detail.successful) return;
    const moved = event.detail.xhr.getResponseHeader("FW-Moved");
    const item = button.closest(".fw-item");
    if (!moved || !item) return;
    if (moved === "up" && item.previousElementSibling) {
      item.parentNode.insertBefore(item, item.previousElementSibling);
    } else if (moved === "down" && item.nextElementSibling) {
      item.parentNode.insertBefore(item.nextElementSibling, item);
    }
    button.focus();
  });
})();
