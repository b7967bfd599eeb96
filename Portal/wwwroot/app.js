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

// Copies text to the clipboard (a new access token); false when the browser refuses.
window.portal.copy = async function (text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        return false;
    }
};
