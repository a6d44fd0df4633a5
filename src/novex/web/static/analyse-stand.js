// novex: de stand van een analyse die op de achtergrond wordt berekend. Werkt de voortgang bij
// en laadt de pagina opnieuw zodra de nieuwe analyse klaar (of mislukt) is.
"use strict";
(function () {
  const vak = document.querySelector("[data-analyse-status]");
  if (!vak || !window.fetch) return;
  const balk = vak.querySelector("progress");
  const procent = vak.querySelector(".analyse-procent");
  const stap = vak.querySelector(".analyse-stap");
  const herladen = vak.querySelector(".analyse-herladen");
  let pogingen = 0;

  function toon(stand) {
    if (stand.voortgang !== null) {
      const p = Math.round(stand.voortgang * 100);
      if (balk.value !== p) { balk.value = p; balk.textContent = p + " %"; procent.textContent = String(p); }
    }
    if (stand.stap && stap.textContent !== stand.stap) stap.textContent = stand.stap;
  }

  async function kijk() {
    pogingen += 1;
    try {
      const antwoord = await fetch(vak.dataset.analyseStatus, {
        credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store",
      });
      if (antwoord.ok) {
        const stand = await antwoord.json();
        if (stand.status !== "bezig") {
          herladen.textContent = "De nieuwe analyse is klaar; de pagina wordt opnieuw geladen.";
          window.location.reload();
          return;
        }
        toon(stand);
      }
    } catch (fout) {
      // even geen verbinding: straks opnieuw
    }
    if (pogingen < 1800) window.setTimeout(kijk, 2000);
  }
  window.setTimeout(kijk, 2000);
})();
