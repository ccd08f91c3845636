// The final-report page. Its versions list is replaced by htmx while a PDF is being made, so the
// confirmation before approving is delegated from the document instead of bound on load.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-approve-confirm]");
  if (button && !window.confirm(button.dataset.approveConfirm)) event.preventDefault();
});
