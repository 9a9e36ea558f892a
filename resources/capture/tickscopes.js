// Ticks the scopes chosen in a911desk's own scope picker on the oauth_gen.php page,
// for the user to check and submit. %SCOPES% is replaced by a JSON array of scope
// names. Returns how many scope controls were found (0 = not the scope page).
(function (wanted) {
    'use strict';
    var all = ['read_agency', 'read_alert', 'read_response', 'read_device', 'read_mapdata',
               'write_mapdata'];
    var found = 0;
    document.querySelectorAll('input[type=checkbox]').forEach(function (box) {
        var scope = all.indexOf(box.value) >= 0 ? box.value : '';
        if (!scope) {
            var label = (box.id ? box.id : '') + ' ' + (box.closest('label') ?
                                                        box.closest('label').textContent : '');
            all.forEach(function (s) { if (label.indexOf(s) >= 0) scope = s; });
        }
        if (!scope)
            return;
        ++found;
        var on = wanted.indexOf(scope) >= 0;
        if (box.checked !== on) {
            box.checked = on;
            box.dispatchEvent(new Event('change', { bubbles: true }));
        }
    });
    // The service is documented as taking "a space-delimited list": a text field for it.
    if (!found) {
        document.querySelectorAll('input[type=text][name*=scope], input:not([type])[name*=scope], '
                                  + 'textarea[name*=scope]').forEach(function (field) {
            ++found;
            field.value = wanted.join(' ');
            field.dispatchEvent(new Event('input', { bubbles: true }));
        });
    }
    return found;
})(%SCOPES%);
