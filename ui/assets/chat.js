() => {
  // [n] markers in answers link to source cards in the side panel: scroll the card into
  // view and flash it, instead of letting the browser follow the link.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest && event.target.closest("a.jrqa-cite, a[href^='#jrqa-src-']");
      if (!link) return;
      event.preventDefault();
      event.stopPropagation();
      const id = (link.getAttribute("href") || "").replace(/^#/, "");
      const card = document.getElementById(id);
      if (!card) return;
      card.scrollIntoView({ behavior: "smooth", block: "center" });
      document.querySelectorAll(".jrqa-card.jrqa-focus").forEach((el) => el.classList.remove("jrqa-focus"));
      card.classList.add("jrqa-focus");
    },
    true,
  );
}
