/**
 * The echo upstream of the quick start.
 */
package io.authbridge.demo;
