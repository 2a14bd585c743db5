/** A user's application as a named module: it needs nothing but jgrad-nn (and so jgrad-core). */
module org.example.consumer {
  requires dev.jgrad.nn;
}
