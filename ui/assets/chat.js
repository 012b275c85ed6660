() => {
  // Gradio has no links between chat messages and other components, so the page adds
  // two: an [n] marker scrolls its source card into view and rings it, and the card's
  // "Back to the answer" button returns to the marker (on a phone the two are far apart).
  let lastMarker = null;

  const focusCard = (marker) => {
    const id = (marker.getAttribute("href") || "").replace(/^#/, "");
    const target = document.getElementById(id);
    const card = target && target.closest(".jrqa-card");
    if (!card) return;
    lastMarker = marker;
    document.querySelectorAll(".jrqa-card.jrqa-focus").forEach((el) => el.classList.remove("jrqa-focus"));
    document.querySelectorAll(".jrqa-back").forEach((el) => { el.hidden = true; });
    card.classList.add("jrqa-focus");
    const back = card.querySelector(".jrqa-back");
    if (back) back.hidden = false;
    card.scrollIntoView({ behavior: "smooth", block: "center" });
  };

  document.addEventListener(
    "click",
    (event) => {
      if (!event.target.closest) return;
      const marker = event.target.closest("a.jrqa-cite");
      if (marker) {
        event.preventDefault();
        event.stopPropagation();
        focusCard(marker);
        return;
      }
      const back = event.target.closest("button.jrqa-back");
      if (back && lastMarker && lastMarker.isConnected) {
        back.hidden = true;
        lastMarker.scrollIntoView({ behavior: "smooth", block: "center" });
        lastMarker.focus({ preventScroll: true });
      }
    },
    true,
  );

  // The chat labels each message for screen readers with its raw content, which for
  // jrqa's answers is markup; label them with the text a reader sees instead.
  const relabel = () => {
    document.querySelectorAll("#jrqa-chat [aria-label*=\"'s message: \"]").forEach((el) => {
      const label = el.getAttribute("aria-label");
      const who = label.slice(0, label.indexOf("'s message: "));
      const shown = `${who}'s message: ${el.innerText.trim()}`;
      if (label !== shown) el.setAttribute("aria-label", shown);
    });
  };
  new MutationObserver(relabel).observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ["aria-label"],
  });
}
