/**
 * Small programs that embed pgstat4j-core. A named module, so the compiler holds them to what
 * the library exports.
 */
module org.pgstat4j.examples {
    requires org.pgstat4j.core;
}
