// When the server no longer knows this circuit (it was restarted), the page cannot recover:
// the reconnect dialog says so and the page reloads itself.
(function () {
    const modal = document.getElementById('components-reconnect-modal');
    if (!modal) {
        return;
    }
    new MutationObserver(function () {
        if (modal.classList.contains('components-reconnect-rejected')) {
            setTimeout(function () { location.reload(); }, 1500);
        }
    }).observe(modal, { attributes: true, attributeFilter: ['class'] });
})();

// Saves text as a file the browser downloads (scenario export).
window.portal = window.portal || {};
window.portal.download = function (fileName, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
};
