/** Who is calling: roles, API keys and the actor recorded in the audit log. */
package org.aegisml.api.security;
