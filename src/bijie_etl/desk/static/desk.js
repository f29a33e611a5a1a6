// Drag and drop onto the upload box: put the dropped file into the form's file input and send it.
// Without JavaScript the same form works with the file picker.
(function () {
  var form = document.getElementById("upload-form");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var box = form.querySelector(".drop");
  ["dragenter", "dragover"].forEach(function (t) {
    box.addEventListener(t, function (e) { e.preventDefault(); box.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    box.addEventListener(t, function (e) { e.preventDefault(); box.classList.remove("over"); });
  });
  box.addEventListener("drop", function (e) {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    input.files = e.dataTransfer.files;
    form.submit();
  });
  input.addEventListener("change", function () {
    var label = box.querySelector(".linklike");
    if (input.files.length && label) label.textContent = input.files[0].name;
  });
  form.addEventListener("submit", function () {
    var b = form.querySelector("button[type=submit]");
    if (b) { b.disabled = true; b.textContent = "正在检查…"; }
  });
})();
