// Parallax pages: enhancements only. Every page reads and navigates without this script.
//
// - A citation marker in a summary shows, on hover or keyboard focus, the sentence of the
//   cited article that supports it; following the marker marks that sentence in the
//   article and scrolls to it.
// - Escape closes the tip.
//
// Article text is hostile input: this script only ever sets textContent and creates
// elements; it never parses markup.
(function () {
  "use strict";

  var TIP_ID = "cite-tip";
  var tip = null;

  function hideTip() {
    if (tip !== null) {
      tip.remove();
      tip = null;
    }
    document.querySelectorAll("[aria-describedby='" + TIP_ID + "']").forEach(function (link) {
      link.removeAttribute("aria-describedby");
    });
  }

  function showTip(link) {
    var sentence = link.getAttribute("data-sentence");
    if (!sentence) {
      return;
    }
    hideTip();
    tip = document.createElement("div");
    tip.id = TIP_ID;
    tip.className = "cite-tip";
    tip.setAttribute("role", "tooltip");
    var source = document.createElement("strong");
    source.textContent = (link.getAttribute("data-source") || "") + ": ";
    tip.appendChild(source);
    tip.appendChild(document.createTextNode("\u201c" + sentence + "\u201d"));
    document.body.appendChild(tip);
    var box = link.getBoundingClientRect();
    var widest = document.documentElement.clientWidth - tip.offsetWidth - 8;
    tip.style.left = window.scrollX + Math.max(8, Math.min(box.left, widest)) + "px";
    tip.style.top = window.scrollY + box.bottom + 6 + "px";
    link.setAttribute("aria-describedby", TIP_ID);
  }

  // Removes earlier marks, leaving their text where it was.
  function clearMarks() {
    document.querySelectorAll("mark.cited").forEach(function (mark) {
      var parent = mark.parentNode;
      while (mark.firstChild) {
        parent.insertBefore(mark.firstChild, mark);
      }
      parent.removeChild(mark);
      parent.normalize();
    });
  }

  // Marks `sentence` inside the article with id `articleId`; returns the mark or null.
  function markSentence(articleId, sentence) {
    var article = document.getElementById(articleId);
    if (article === null || !sentence) {
      return null;
    }
    var paragraphs = article.querySelectorAll("p.text");
    for (var i = 0; i < paragraphs.length; i++) {
      var node = paragraphs[i].firstChild;
      if (node === null || node.nodeType !== Node.TEXT_NODE) {
        continue;
      }
      var at = node.data.indexOf(sentence);
      if (at < 0) {
        continue;
      }
      var range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + sentence.length);
      var mark = document.createElement("mark");
      mark.className = "cited";
      mark.tabIndex = -1;
      range.surroundContents(mark);
      return mark;
    }
    return null;
  }

  function followCitation(link) {
    var target = (link.getAttribute("href") || "").replace(/^#/, "");
    clearMarks();
    var mark = markSentence(target, link.getAttribute("data-sentence"));
    if (mark !== null) {
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("a.cite[data-sentence]").forEach(function (link) {
      link.addEventListener("mouseenter", function () { showTip(link); });
      link.addEventListener("focus", function () { showTip(link); });
      link.addEventListener("mouseleave", hideTip);
      link.addEventListener("blur", hideTip);
      link.addEventListener("click", function () {
        hideTip();
        // After the browser has moved to the article, mark the sentence in it.
        window.setTimeout(function () { followCitation(link); }, 0);
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        hideTip();
      }
    });
    document.documentElement.classList.add("enhanced");
  });
})();
