// Progressive enhancement only: every page works without this file.

// Disable a form's submit buttons while it submits, so a second click cannot post it twice. Deferred until after the
// browser has collected the clicked button's name/value; skipped when another handler took the submit over.
function setBusy(form, busy) {
    form.querySelectorAll('button[type=submit], [data-submit]').forEach((b) => {
        b.disabled = busy;
        if (busy) b.setAttribute('aria-busy', 'true'); else b.removeAttribute('aria-busy');
    });
}

document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    setTimeout(() => { if (!event.defaultPrevented) setBusy(form, true); }, 0);
});

// Back/forward restores a page from the cache as it was left, buttons disabled included: enable them again.
window.addEventListener('pageshow', (event) => {
    if (event.persisted) document.querySelectorAll('form').forEach((form) => setBusy(form, false));
});

// Copy buttons: <button data-copy-target="#id">.
document.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-copy-target]') : null;
    if (!button) return;
    const source = document.querySelector(button.getAttribute('data-copy-target'));
    if (!source) return;
    const text = source.value ?? source.textContent;
    try {
        await navigator.clipboard.writeText(text);
    } catch {
        source.select?.();
        document.execCommand('copy');
    }
    button.textContent = 'Copied';
});

// Upload with a progress bar: <form data-upload> with input[name=file], a <progress> and a size limit in data-max-bytes.
document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-upload')) return;
    const input = form.querySelector('input[type=file]');
    const file = input?.files?.[0];
    const error = form.querySelector('[data-upload-error]');
    const max = Number(form.getAttribute('data-max-bytes'));
    if (!file) return;
    if (max && file.size > max) {
        event.preventDefault();
        if (error) error.textContent = `${file.name} is larger than the upload limit.`;
        return;
    }
    event.preventDefault();
    setBusy(form, true);
    const progress = form.querySelector('progress');
    const status = form.querySelector('[data-upload-status]');
    const token = form.querySelector('input[name=__RequestVerificationToken]')?.value;
    const data = new FormData();
    data.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('RequestVerificationToken', token);
    if (progress) { progress.hidden = false; progress.value = 0; }
    xhr.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable && progress) {
            progress.max = e.total; progress.value = e.loaded;
            if (status) status.textContent = `${Math.round((e.loaded / e.total) * 100)}%`;
        }
    });
    xhr.addEventListener('load', () => {
        if (xhr.status >= 200 && xhr.status < 300) {
            window.location.assign('/files?uploaded=1');
        } else {
            let message = 'Upload failed.';
            try { message = JSON.parse(xhr.responseText).detail || message; } catch { }
            if (error) error.textContent = message;
            setBusy(form, false);
        }
    });
    xhr.addEventListener('error', () => {
        if (error) error.textContent = 'Upload failed: the connection was lost.';
        setBusy(form, false);
    });
    xhr.send(data);
});

// Show the chosen file's size before upload.
document.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file') return;
    const form = input.form;
    const info = form?.querySelector('[data-upload-size]');
    const file = input.files?.[0];
    if (info && file) info.textContent = `${file.name}: ${(file.size / 1048576).toFixed(2)} MiB`;
});

// Image preview before upload: <input type=file data-preview="selector of a [hidden] element holding an <img>">,
// refusing files over data-max-bytes with the browser's own validation message.
document.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-preview')) return;
    const preview = document.querySelector(input.getAttribute('data-preview'));
    const image = preview?.querySelector('img');
    const file = input.files?.[0];
    const max = Number(input.getAttribute('data-max-bytes'));
    input.setCustomValidity(file && max && file.size > max ? `${file.name} is larger than the ${(max / 1048576).toFixed(0)} MiB limit.` : '');
    input.reportValidity();
    if (!preview || !image) return;
    if (image.src.startsWith('blob:')) URL.revokeObjectURL(image.src);
    if (file && file.type.startsWith('image/') && input.validity.valid) {
        image.src = URL.createObjectURL(file);
        preview.hidden = false;
    } else {
        image.removeAttribute('src');
        preview.hidden = true;
    }
});
