// Bangkom's small front-end behaviours. A static file, not inline handlers, so the
// Content-Security-Policy can refuse inline scripts (config/csp.py).

// <select data-autosubmit>: choosing an option submits its form (language, year,
// filters); each form keeps a <noscript> button for browsers without JavaScript.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.submit();
  }
});
