// Stock Pilot's little JavaScript: nothing here is needed to use a page, it only saves clicks.
document.addEventListener("DOMContentLoaded", () => {
  // A select marked data-autosubmit sends its form when changed (the language switch).
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // A checkbox marked data-check-all="NAME" ticks every checkbox called NAME in its form.
  document.querySelectorAll("input[data-check-all]").forEach((box) => {
    box.addEventListener("change", () => {
      box.form.querySelectorAll(`input[name="${box.dataset.checkAll}"]`).forEach((other) => {
        other.checked = box.checked;
      });
    });
  });
  // An element with data-job="URL" shows a background job's state, asking URL every second
  // until the job ends, then reloads the page to show what it made.
  document.querySelectorAll("[data-job]").forEach((status) => {
    const poll = async () => {
      const answer = await fetch(status.dataset.job, { headers: { Accept: "application/json" } });
      if (!answer.ok) return;
      const job = await answer.json();
      status.textContent = job.text;
      if (job.running) setTimeout(poll, 1000);
      else if (job.succeeded) window.location.reload();
    };
    poll();
  });
});
