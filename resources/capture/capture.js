// Reads the token page and returns candidates as JSON: {"fields": [[name, value], …],
// "text": "…"}. a911desk decides in C++ (TokenPageParser::parseCaptureResult) which
// candidate is which token. This script only reads the page: it never changes the
// DOM, never navigates and never sends anything anywhere. Active911 does not publish
// the page's markup, so it looks everywhere a token could be shown.
(function () {
    'use strict';
    var fields = [];
    var extraLines = [];

    function text(node) {
        return node ? String(node.textContent || '').replace(/\s+/g, ' ').trim() : '';
    }
    function add(name, value) {
        if (value === null || value === undefined)
            return;
        value = String(value).trim();
        if (value)
            fields.push([String(name || ''), value]);
    }

    var tokenLabel = /(access|refresh)[\s_-]*token/i;

    // Everything that may name a form control, nearest first; the first one that
    // names a token wins, so a label further away can never outvote a nearer one.
    function namesOf(el) {
        var names = [];
        ['name', 'id', 'aria-label', 'data-token'].forEach(function (a) {
            names.push(el.getAttribute(a));
        });
        if (el.id) {
            var forLabel = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
            names.push(text(forLabel));
        }
        var labelledBy = el.getAttribute('aria-labelledby');
        if (labelledBy)
            labelledBy.split(/\s+/).forEach(function (id) {
                names.push(text(document.getElementById(id)));
            });
        var wrapping = el.closest('label');
        if (wrapping)
            names.push(text(wrapping));
        // The nearest text before it: "Access Token <input>" or "<b>Access Token</b><input>".
        for (var n = el.previousSibling; n; n = n.previousSibling) {
            var t = text(n);
            if (t) {
                names.push(t);
                break;
            }
        }
        var cell = el.closest('td,th,dd');
        if (cell && cell.previousElementSibling)
            names.push(text(cell.previousElementSibling));
        if (el.parentElement && el.parentElement.previousElementSibling)
            names.push(text(el.parentElement.previousElementSibling));
        ['placeholder', 'title', 'class'].forEach(function (a) {
            names.push(el.getAttribute(a));
        });
        return names.filter(function (n) { return n; });
    }
    function tokenName(el) {
        var names = namesOf(el);
        for (var i = 0; i < names.length; ++i)
            if (tokenLabel.test(names[i]))
                return names[i];
        return '';
    }

    // Inputs (hidden ones too: the "Use this in the api" form) and textareas.
    document.querySelectorAll('input, textarea').forEach(function (el) {
        var type = (el.getAttribute('type') || '').toLowerCase();
        if (type === 'password' || type === 'checkbox' || type === 'radio' || type === 'submit'
            || type === 'button' || type === 'file')
            return;
        var value = el.value !== undefined && el.value !== '' ? el.value : el.getAttribute('value');
        if (!value)
            value = el.textContent;
        var name = tokenName(el);
        if (name) {
            add(name, value);
            // Shown controls also as a "label<TAB>value" line for the text parser.
            if (type !== 'hidden')
                extraLines.push(name + '\t' + value);
        }
    });

    // Elements that say in their id/class/name which token they hold.
    document.querySelectorAll('[id], [class], [name], [data-token]').forEach(function (el) {
        if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'FORM')
            return;
        var key = [el.id, el.getAttribute('class'), el.getAttribute('name'),
                   el.getAttribute('data-token')].join(' ');
        if (/(access|refresh)[\s_-]*token/i.test(key))
            add(key, text(el));
    });

    // Links and forms carrying the tokens in their query.
    function addQuery(href) {
        if (!href || (href.indexOf('?') < 0 && href.indexOf('#') < 0))
            return;
        try {
            var url = new URL(href, document.baseURI);
            url.searchParams.forEach(function (v, k) { add(k, v); });
            new URLSearchParams(url.hash.replace(/^#/, '')).forEach(function (v, k) { add(k, v); });
        } catch (e) {
        }
    }
    document.querySelectorAll('a[href], area[href]').forEach(function (a) {
        addQuery(a.getAttribute('href'));
    });
    document.querySelectorAll('form[action]').forEach(function (f) {
        addQuery(f.getAttribute('action'));
    });

    // The page as the user sees it: labels beside text, code/pre blocks, table cells.
    var body = document.body ? document.body.innerText : '';
    return JSON.stringify({ fields: fields, text: body + '\n' + extraLines.join('\n') });
})();
