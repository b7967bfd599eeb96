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
