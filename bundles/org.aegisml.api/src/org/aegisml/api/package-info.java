/**
 * Types shared by every AegisML area: paging and the exceptions every service may throw.
 * The REST layer maps each exception to one HTTP status.
 */
package org.aegisml.api;
