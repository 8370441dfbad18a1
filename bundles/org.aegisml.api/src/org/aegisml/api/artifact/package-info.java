/** Where version artifacts (model files, dataset files) live: content-addressed blob stores. */
package org.aegisml.api.artifact;
