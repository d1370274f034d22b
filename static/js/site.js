// A few progressive enhancements: copy the link, share to Zalo, print.
// Everything here is optional; without JavaScript the page works and these
// buttons stay hidden.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  function announce(button, message) {
    var group = button.closest(".share");
    var status = group && group.querySelector(".share-status");
    if (status) status.textContent = message;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var copied = document.execCommand("copy");
      document.body.removeChild(field);
      if (copied) resolve(); else reject(new Error("copy failed"));
    });
  }

  // Search boxes suggest titles as the reader types (diacritics optional). The
  // form works the same without this: suggestions are a datalist, nothing more.
  var suggestTimer = null;
  document.querySelectorAll("input[data-suggest-url]").forEach(function (input, index) {
    var list = document.createElement("datalist");
    list.id = "search-suggestions-" + index;
    input.after(list);
    input.setAttribute("list", list.id);
    input.addEventListener("input", function () {
      clearTimeout(suggestTimer);
      var query = input.value.trim();
      if (query.length < 2) return;
      suggestTimer = setTimeout(function () {
        var url = input.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(query);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.suggestions.map(function (item) {
              var option = document.createElement("option");
              option.value = item.title;
              return option;
            }));
          })
          .catch(function () {});
      }, 200);
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-link], [data-share-native], [data-print]");
    if (!button) return;

    if (button.hasAttribute("data-print")) {
      window.print();
      return;
    }

    if (button.hasAttribute("data-copy-link")) {
      copyText(button.getAttribute("data-copy-link")).then(
        function () { announce(button, button.getAttribute("data-done-message")); },
        function () { announce(button, button.getAttribute("data-failed-message")); }
      );
      return;
    }

    // Zalo has no share URL that works without its own script; phones list
    // Zalo in the system share sheet, elsewhere the link is copied instead.
    var url = button.getAttribute("data-url");
    if (navigator.share) {
      navigator.share({ title: button.getAttribute("data-title"), url: url }).catch(function () {});
    } else {
      copyText(url).then(function () {
        announce(button, button.getAttribute("data-fallback-message"));
      });
    }
  });
})();
