// Start GOV.UK Frontend components (Exit this page, buttons, skip link).
import { initAll } from "/static/govuk/govuk-frontend.min.js";
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
