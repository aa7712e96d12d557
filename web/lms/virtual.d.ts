/** Loads the site's sharing with an LRS when the config names one (web/lms/xapi-config.mjs); empty otherwise. */
declare module "virtual:rehearse-lrs" {}
