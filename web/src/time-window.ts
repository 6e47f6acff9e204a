/**
 * Which slice of time the dashboard asks for: the API's own window rule (the /live route follows
 * the newest posts with the same one), re-exported for the page.
 */
export { chooseStep, followWindow, type ViewWindow } from '../../lambda/core/api/view-window';
