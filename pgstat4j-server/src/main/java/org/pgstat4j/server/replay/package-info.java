/**
 * Replaying a pcap capture of PostgreSQL 14's collector traffic through our collector:
 * find the collector's datagrams (source port = destination port, the socket being connected
 * to itself), apply them in order with the capture time as the collector's clock, stop after
 * the INQUIRY whose answer a reader saw, and print the views in psql's formats. This is how
 * pgstat4j proves, value by value, that it computes what PostgreSQL computes.
 */
package org.pgstat4j.server.replay;
