// Remembers which submit button the user pressed (e.g. the console's "No") across the
// navigation it causes, in the page's own sessionStorage; returns what the previous
// page's button said, or "". Reads the page and its own storage only.
(function () {
    'use strict';
    var key = 'a911desk.lastSubmit';
    var last = '';
    try {
        last = sessionStorage.getItem(key) || '';
        sessionStorage.removeItem(key);
    } catch (e) {
    }
    if (!window.a911deskWatching) {
        window.a911deskWatching = true;
        document.addEventListener('submit', function (event) {
            var b = event.submitter;
            var label = b ? ((b.value || '') + ' ' + (b.textContent || '')).trim() : '';
            try {
                sessionStorage.setItem(key, label);
            } catch (e) {
            }
        }, true);
    }
    return last;
})();
