#include <stdio.h>
unsigned djsign_nostd_demo(void);
/* the host liballoc is built with unwinding; panic=abort never calls this */
void rust_eh_personality(void){}
int main(void){unsigned r=djsign_nostd_demo();printf("djsign_nostd_demo() = %u\n",r);return r!=0;}
